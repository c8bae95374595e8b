package dev.ignis.promql.internal.engine;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.promql.internal.ast.BinaryExpr;
import dev.ignis.promql.internal.ast.VectorMatching;
import dev.ignis.promql.internal.ast.VectorMatching.Cardinality;
import dev.ignis.promql.internal.engine.Evaluator.Mat;
import dev.ignis.promql.internal.engine.Evaluator.Ser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Arithmetic and comparison between two instant vectors (one-to-one, {@code group_left},
 * {@code group_right}) over all steps: each series' match signature is worked out once, result
 * labels once per matched pair, and every step matches by signature number with nothing
 * allocated per sample. Results, errors and sample accounting as Prometheus 2.42's
 * VectorBinop inside its rangeEval.
 */
final class VectorMatch {

    private VectorMatch() {
    }

    static Mat eval(Evaluator ev, BinaryExpr b) throws QueryException {
        VectorMatching vm = b.matching();
        long original = ev.current;
        Mat lhs = (Mat) ev.eval(b.lhs());
        Mat rhs = (Mat) ev.eval(b.rhs());
        boolean swapped = vm.card() == Cardinality.ONE_TO_MANY;
        List<Ser> many = swapped ? rhs.series : lhs.series;
        List<Ser> one = swapped ? lhs.series : rhs.series;
        Map<Labels, Integer> sigIds = new HashMap<>();
        List<Labels> sigLabels = new ArrayList<>();
        int[] manySig = signatures(vm, many, sigIds, sigLabels);
        int[] oneSig = signatures(vm, one, sigIds, sigLabels);
        int nsig = sigLabels.size();
        int[] oneAt = new int[nsig];
        int[] oneStep = new int[nsig];
        int[] matchedStep = new int[nsig];
        Arrays.fill(oneStep, -1);
        Arrays.fill(matchedStep, -1);
        // Per many-side series: the one-side series it last matched and the output series.
        int[] lastOne = new int[many.size()];
        Arrays.fill(lastOne, -1);
        int[] lastOut = new int[many.size()];
        Map<Long, Integer> pairs = new HashMap<>();
        Map<Labels, Integer> outByLabels = new HashMap<>();
        List<Ser> out = new ArrayList<>();
        // Per output series: the step it last got a point at and the signature of that match.
        int[] emittedStep = new int[16];
        int[] emittedSig = new int[16];
        int[] lcur = new int[lhs.series.size()];
        int[] rcur = new int[rhs.series.size()];
        int[] manyIdx = new int[many.size()];
        int[] oneIdx = new int[one.size()];
        long held = ev.current;
        long max = ev.ctx.maxSamples;
        boolean filter = b.op().isComparison() && !b.returnBool();
        boolean instant = ev.start == ev.end;
        int step = -1;
        for (long t = ev.start; t <= ev.end; t += ev.interval) {
            step++;
            ev.ctx.poll();
            ev.current = held;
            // Gathered in the order of the operands, as rangeEval does.
            int nl = gather(ev, lhs.series, lcur, t, swapped ? oneIdx : manyIdx);
            int nr = gather(ev, rhs.series, rcur, t, swapped ? manyIdx : oneIdx);
            int nMany = swapped ? nr : nl;
            int nOne = swapped ? nl : nr;
            int results = 0;
            if (nMany > 0 && nOne > 0) {
                for (int k = 0; k < nOne; k++) {
                    int o = oneIdx[k];
                    int sig = oneSig[o];
                    if (oneStep[sig] == step) {
                        Ser dup = one.get(oneAt[sig]);
                        throw new QueryException(ErrorType.EXECUTION, "found duplicate series for the match group "
                                + sigLabels.get(sig) + " on the " + (swapped ? "left" : "right")
                                + " hand-side of the operation: [" + one.get(o).labels + ", " + dup.labels
                                + "];many-to-many matching not allowed: matching labels must be unique on one side");
                    }
                    oneStep[sig] = step;
                    oneAt[sig] = o;
                }
                boolean sameLabelset = false;
                for (int k = 0; k < nMany; k++) {
                    int m = manyIdx[k];
                    int sig = manySig[m];
                    if (oneStep[sig] != step) {
                        continue;
                    }
                    int o = oneAt[sig];
                    Ser ms = many.get(m);
                    Ser os = one.get(o);
                    double vm0 = ms.vs[cursorValue(swapped ? rcur : lcur, m)];
                    double vo = os.vs[cursorValue(swapped ? lcur : rcur, o)];
                    double vl = swapped ? vo : vm0;
                    double vr = swapped ? vm0 : vo;
                    double v = Operators.apply(b.op(), vl, vr);
                    if (b.op().isComparison()) {
                        if (filter) {
                            if (v == 0) {
                                continue;
                            }
                            v = vl;
                        }
                    }
                    int target;
                    if (lastOne[m] == o) {
                        target = lastOut[m];
                    } else {
                        long key = ((long) m << 32) | o;
                        Integer known = pairs.get(key);
                        if (known == null) {
                            Labels labels = Matching.resultLabels(b, vm, ms.labels, os.labels);
                            known = outByLabels.get(labels);
                            if (known == null) {
                                // Room for the rest of this many-side series' points: one
                                // allocation where growing from a few points copied four times.
                                int cap = instant ? 1 : ms.n - cursorValue(swapped ? rcur : lcur, m);
                                known = out.size();
                                out.add(new Ser(labels, new long[cap], new double[cap], 0));
                                outByLabels.put(labels, known);
                                if (known == emittedStep.length) {
                                    emittedStep = Arrays.copyOf(emittedStep, known * 2);
                                    emittedSig = Arrays.copyOf(emittedSig, known * 2);
                                }
                                emittedStep[known] = -1;
                                emittedSig[known] = -1;
                            }
                            pairs.put(key, known);
                        }
                        target = known;
                        lastOne[m] = o;
                        lastOut[m] = target;
                    }
                    if (vm.card() == Cardinality.ONE_TO_ONE) {
                        if (matchedStep[sig] == step) {
                            throw new QueryException(ErrorType.EXECUTION, "multiple matches for labels: many-to-one"
                                    + " matching must be explicit (group_left/group_right)");
                        }
                        matchedStep[sig] = step;
                    }
                    if (emittedStep[target] == step) {
                        if (vm.card() != Cardinality.ONE_TO_ONE && emittedSig[target] == sig) {
                            throw new QueryException(ErrorType.EXECUTION,
                                    "multiple matches for labels: grouping labels must ensure unique matches");
                        }
                        sameLabelset = true;
                        continue;
                    }
                    emittedStep[target] = step;
                    emittedSig[target] = sig;
                    out.get(target).add(t, v);
                    results++;
                }
                if (sameLabelset) {
                    throw new QueryException(ErrorType.EXECUTION, "vector cannot contain metrics with the same labelset");
                }
            }
            ev.current += results;
            held += results;
            ev.stats.peak(ev.current);
            if (ev.current > max) {
                throw new QueryException(ErrorType.EXECUTION, Evaluator.TOO_MANY_SAMPLES);
            }
        }
        List<Ser> result = new ArrayList<>(out.size());
        for (Ser s : out) {
            if (s.n > 0) {
                result.add(s);
            }
        }
        Mat m = new Mat(result);
        ev.current = original + m.points();
        ev.stats.peak(ev.current);
        return m;
    }

    /** The index of the point a cursor has just passed (gather leaves cursors after it). */
    private static int cursorValue(int[] cursor, int series) {
        return cursor[series] - 1;
    }

    private static int[] signatures(VectorMatching vm, List<Ser> series, Map<Labels, Integer> ids, List<Labels> labels) {
        int[] out = new int[series.size()];
        for (int i = 0; i < out.length; i++) {
            Labels sig = Matching.signature(vm, series.get(i).labels);
            Integer id = ids.get(sig);
            if (id == null) {
                id = labels.size();
                ids.put(sig, id);
                labels.add(sig);
            }
            out[i] = id;
        }
        return out;
    }

    /**
     * The series with a point at {@code t}, their indices into {@code present}; advances the
     * cursors past those points and counts them as rangeEval does.
     */
    static int gather(Evaluator ev, List<Ser> series, int[] cursor, long t, int[] present) throws QueryException {
        int n = 0;
        long max = ev.ctx.maxSamples;
        for (int i = 0; i < series.size(); i++) {
            Ser s = series.get(i);
            int c = cursor[i];
            if (c < s.n && s.ts[c] == t) {
                if (ev.current >= max) {
                    throw new QueryException(ErrorType.EXECUTION, Evaluator.TOO_MANY_SAMPLES);
                }
                ev.current++;
                cursor[i] = c + 1;
                present[n++] = i;
            }
        }
        ev.stats.peak(ev.current);
        return n;
    }
}
