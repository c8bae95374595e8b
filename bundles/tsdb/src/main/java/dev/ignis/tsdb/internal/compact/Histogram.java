package dev.ignis.tsdb.internal.compact;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import java.math.BigDecimal;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A cumulative histogram with fixed upper bounds, written as client_golang writes one: every
 * bucket (also when empty) with its {@code le} formatted as Go's {@code 'g'} shortest format,
 * then {@code +Inf}, {@code _sum} and {@code _count}. Observations may come from any thread.
 */
public final class Histogram {

    private final String name;
    private final String help;
    private final double[] bounds;
    private final Labels[] bucketLabels;
    private final LongAdder[] counts;
    private final LongAdder count = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();

    public Histogram(String name, String help, double[] bounds) {
        this.name = name;
        this.help = help;
        this.bounds = bounds.clone();
        this.counts = new LongAdder[bounds.length];
        this.bucketLabels = new Labels[bounds.length + 1];
        for (int i = 0; i < bounds.length; i++) {
            counts[i] = new LongAdder();
            bucketLabels[i] = Labels.of("le", goFloat(bounds[i]));
        }
        bucketLabels[bounds.length] = Labels.of("le", "+Inf");
    }

    /** client_golang's {@code ExponentialBuckets(start, factor, n)}. */
    public static double[] exponential(double start, double factor, int n) {
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = start;
            start *= factor;
        }
        return b;
    }

    public void observe(double v) {
        for (int i = 0; i < bounds.length; i++) {
            if (v <= bounds[i]) {
                counts[i].increment();
                break;
            }
        }
        sum.add(v);
        count.increment();
    }

    public long count() {
        return count.sum();
    }

    public double sum() {
        return sum.sum();
    }

    /** Writes the family with its samples. */
    public void write(MetricWriter w) {
        w.family(name, MetricType.HISTOGRAM, help);
        long total = count.sum();
        String bucket = name + "_bucket";
        long cumulative = 0;
        for (int i = 0; i < bounds.length; i++) {
            cumulative += counts[i].sum();
            // An observation landing between the reads must not put a bucket above the count.
            w.sample(bucket, bucketLabels[i], Math.min(cumulative, total));
        }
        w.sample(bucket, bucketLabels[bounds.length], total);
        w.sample(name + "_sum", sum.sum());
        w.sample(name + "_count", total);
    }

    /**
     * Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} for finite values: the shortest digits,
     * in exponent form ({@code 1.6384e+06}) when the exponent is below -4 or at least 6.
     */
    static String goFloat(double v) {
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int exp = digits.length() - d.scale() - 1;
        if (exp >= -4 && exp < 6) {
            return d.toPlainString();
        }
        StringBuilder b = new StringBuilder();
        if (v < 0) {
            b.append('-');
        }
        b.append(digits.charAt(0));
        if (digits.length() > 1) {
            b.append('.').append(digits, 1, digits.length());
        }
        b.append('e').append(exp < 0 ? '-' : '+');
        int a = Math.abs(exp);
        if (a < 10) {
            b.append('0');
        }
        return b.append(a).toString();
    }
}
