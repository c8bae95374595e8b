package dev.ignis.scrape.internal.relabel;

import static dev.ignis.api.config.RelabelAction.DROP;
import static dev.ignis.api.config.RelabelAction.DROPEQUAL;
import static dev.ignis.api.config.RelabelAction.HASHMOD;
import static dev.ignis.api.config.RelabelAction.KEEP;
import static dev.ignis.api.config.RelabelAction.KEEPEQUAL;
import static dev.ignis.api.config.RelabelAction.LABELDROP;
import static dev.ignis.api.config.RelabelAction.LABELKEEP;
import static dev.ignis.api.config.RelabelAction.LABELMAP;
import static dev.ignis.api.config.RelabelAction.LOWERCASE;
import static dev.ignis.api.config.RelabelAction.REPLACE;
import static dev.ignis.api.config.RelabelAction.UPPERCASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ignis.api.config.RelabelConfig;
import dev.ignis.api.labels.Labels;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Relabeling tables for every action of Prometheus 2.42. The template corner cases ({@code $1x},
 * {@code $$}, {@code $0}, leading zeros), labelmap collisions and ordering, per-code-point case
 * mapping and the unsigned hashmod modulus were checked against Prometheus 2.42's targets API.
 */
class RelabelerTest {
    private static final String DROPPED = "DROPPED";

    /** A case: input labels "a=1,b=2", rules, expected labels in the same notation or DROPPED. */
    private static Arguments c(String name, String input, String expected, Rule... rules) {
        return Arguments.of(Named.of(name, input), Arrays.asList(rules), expected);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                c("replaceExpandsBracedGroupTwice", "a=foo,b=bar,c=baz", "a=foo,b=bar,c=baz,d=choo-choo",
                        Rule.of(REPLACE).src("a").regex("f(.*)").target("d").repl("ch${1}-ch${1}")),
                c("rulesSeeEarlierResults", "a=foo,b=bar,c=baz", "a=boobam,b=bar,c=baz,d=boooom",
                        Rule.of(REPLACE).src("a", "b").regex("f(.*);(.*)r").target("a").repl("b${1}${2}m"),
                        Rule.of(REPLACE).src("c", "a").regex("(b).*b(.*)ba(.*)").target("d").repl("$1$2$2$3")),
                c("dropEndsProcessing", "a=foo", DROPPED,
                        Rule.of(DROP).src("a").regex(".*o.*"),
                        Rule.of(REPLACE).src("a").regex("f(.*)").target("d").repl("x")),
                c("dropNotMatchingKeeps", "a=foo", "a=foo", Rule.of(DROP).src("a").regex("no-match")),
                c("regexIsAnchored", "a=foo", "a=foo", Rule.of(DROP).src("a").regex("f|o")),
                c("keepNotMatchingDrops", "a=foo", DROPPED, Rule.of(KEEP).src("a").regex("no-match")),
                c("keepMatchingKeeps", "a=foo", "a=foo", Rule.of(KEEP).src("a").regex("f.*")),
                c("keepSeesMissingLabelAsEmpty", "a=foo", "a=foo", Rule.of(KEEP).src("x").regex("")),
                c("joinsSourcesWithSeparatorMissingAsEmpty", "a=foo", "a=foo",
                        Rule.of(KEEP).src("a", "x").regex("foo;")),
                c("customSeparator", "a=foo,b=bar", "a=foo,b=bar,c=foo-bar",
                        Rule.of(REPLACE).src("a", "b").sep("-").target("c")),
                c("replaceWithoutMatchChangesNothing", "a=boo", "a=boo",
                        Rule.of(REPLACE).src("a").regex("f").target("b").repl("bar")),
                c("replaceGroupInsideGreedyMatch", "a=abc", "a=abc,d=b",
                        Rule.of(REPLACE).src("a").regex(".*(b).*").target("d")),
                c("replaceEmptyResultDeletesTarget", "a=1,b=2", "a=1",
                        Rule.of(REPLACE).src("missing").target("b")),
                c("replaceLiteralValue", "a=1", "a=1,b=static", Rule.of(REPLACE).target("b").repl("static")),
                c("replaceRenamesMetric", "__name__=old_total,a=1", "__name__=new_total,a=1",
                        Rule.of(REPLACE).src("__name__").regex("old_(.*)").target("__name__").repl("new_$1")),
                c("replaceTargetFromGroup", "a=some-name-value", "a=some-name-value,name=value",
                        Rule.of(REPLACE).src("a").regex("some-([^-]+)-([^,]+)").target("${1}").repl("${2}")),
                c("replaceMissingGroupIsEmptyAndDeletes", "a=some-name-value", "a=some-name-value",
                        Rule.of(REPLACE).src("a").regex("some-([^-]+)-([^,]+)").target("${1}").repl("${3}")),
                c("replaceInvalidExpandedTargetDeletesLiteralTarget", "a=some-name-0", "a=some-name-0",
                        Rule.of(REPLACE).src("a").regex("some-([^-]+)-([^,]+)").target("${3}").repl("${1}"),
                        Rule.of(REPLACE).src("a").regex("some-([^-]+)(-[^,]+)").target("${2}").repl("${1}")),
                c("dollarDigitLetterNamesAGroupThatDoesNotExist", "a=foo,b=old", "a=foo",
                        Rule.of(REPLACE).src("a").regex("(f)oo").target("b").repl("$1x")),
                c("bracedReferenceThenLetter", "a=foo", "a=foo,b=fx",
                        Rule.of(REPLACE).src("a").regex("(f)oo").target("b").repl("${1}x")),
                c("doubleDollarIsLiteral", "a=foo", "a=foo,b=$1",
                        Rule.of(REPLACE).src("a").regex("(f)oo").target("b").repl("$$1")),
                c("dollarWithoutNameIsLiteral", "a=foo", "a=foo,b=f$-${",
                        Rule.of(REPLACE).src("a").regex("(f)oo").target("b").repl("$1$-${")),
                c("wholeMatchIsGroupZero", "a=foo", "a=foo,b=<foo>",
                        Rule.of(REPLACE).src("a").regex("f(o)o").target("b").repl("<$0>")),
                c("leadingZeroIsNotANumber", "a=foo", "a=foo,b=x",
                        Rule.of(REPLACE).src("a").regex("(f)oo").target("b").repl("x$01")),
                c("namedGroups", "a=foo", "a=foo,b=oo-f",
                        Rule.of(REPLACE).src("a").regex("(?P<first>f)(?P<rest>.*)").target("b").repl("${rest}-${first}")),
                c("nonParticipatingGroupIsEmpty", "a=foo", "a=foo,b=[]foo",
                        Rule.of(REPLACE).src("a").regex("(x)?(foo)").target("b").repl("[$1]$2")),
                c("sdTagsRealLife", "__meta_sd_tags=path:/secret,job:some-job,label:foo=bar",
                        "__meta_sd_tags=path:/secret,job:some-job,label:foo=bar,__metrics_path__=/secret,foo=bar,job=some-job",
                        Rule.of(REPLACE).src("__meta_sd_tags").regex("(?:.+,|^)path:(/[^,]+).*").target("__metrics_path__"),
                        Rule.of(REPLACE).src("__meta_sd_tags").regex("(?:.+,|^)job:([^,]+).*").target("job"),
                        Rule.of(REPLACE).src("__meta_sd_tags").regex("(?:.+,|^)label:([^=]+)=([^,]+).*")
                                .target("${1}").repl("${2}")),
                c("labeldropThenReplaceThenKeep", "__meta_port_name=foo,__meta_metrics_port=9091",
                        "__meta_metrics_port=9091,__meta_port_name=metrics",
                        Rule.of(LABELDROP).regex("__meta_port_name"),
                        Rule.of(REPLACE).src("__meta_metrics_port").regex("(.+)").target("__meta_port_name").repl("metrics"),
                        Rule.of(KEEP).src("__meta_port_name").regex("metrics")),
                c("hashmodOfValue", "a=foo,b=bar,c=baz", "a=foo,b=bar,c=baz,d=976",
                        Rule.of(HASHMOD).src("c").target("d").mod(1000)),
                c("hashmodOfValueWithNewline", "a=foo\nbar", "a=foo\nbar,b=734",
                        Rule.of(HASHMOD).src("a").target("b").mod(1000)),
                c("hashmodModulusIsUnsigned", "a=1", "a=1,h=994258241967195291",
                        Rule.of(HASHMOD).src("a").target("h").mod(-1L)),
                c("hashmodModulusOne", "a=x", "a=x,b=0", Rule.of(HASHMOD).src("a").target("b").mod(1)),
                c("labelmapCopiesMatchingNames", "a=foo,b1=bar,b2=baz", "a=foo,b1=bar,b2=baz,bar_b1=bar,bar_b2=baz",
                        Rule.of(LABELMAP).regex("(b.*)").repl("bar_${1}")),
                c("labelmapMetaPrefix", "a=foo,__meta_my_bar=aaa,__meta_my_baz=bbb,__meta_other=ccc",
                        "__meta_my_bar=aaa,__meta_my_baz=bbb,__meta_other=ccc,a=foo,my_bar=aaa,my_baz=bbb",
                        Rule.of(LABELMAP).regex("__meta_(my.*)").repl("${1}")),
                c("labelmapLaterNameWinsOnCollision", "x_a=1,y_a=2", "a=2,x_a=1,y_a=2",
                        Rule.of(LABELMAP).regex(".*_(a)").repl("$1")),
                c("labelmapReadsValuesFromBeforeTheRule", "a=1,b=2", "a=1,b=1,x_a=1,x_b=2",
                        Rule.of(LABELMAP).regex("(a|b)").repl("x_$1"),
                        Rule.of(LABELMAP).regex("a").repl("b")),
                c("labelkeepKeepsMatching", "a=foo,b1=bar,b2=baz", "b1=bar,b2=baz", Rule.of(LABELKEEP).regex("(b.*)")),
                c("labeldropDropsMatching", "a=foo,b1=bar,b2=baz", "a=foo", Rule.of(LABELDROP).regex("(b.*)")),
                c("labeldropMatchesWholeName", "ab=1,b=2", "ab=1", Rule.of(LABELDROP).regex("b")),
                c("upperAndLowercase", "foo=bAr123Foo", "foo=bAr123Foo,foo_lowercase=bar123foo,foo_uppercase=BAR123FOO",
                        Rule.of(UPPERCASE).src("foo").target("foo_uppercase"),
                        Rule.of(LOWERCASE).src("foo").target("foo_lowercase")),
                c("caseMappingIsPerCodePoint", "a=stra\u00dfe \u0130", "a=stra\u00dfe \u0130,l=stra\u00dfe i,u=STRA\u00dfE \u0130",
                        Rule.of(UPPERCASE).src("a").target("u"), Rule.of(LOWERCASE).src("a").target("l")),
                c("lowercaseOfMissingDeletesTarget", "a=1,b=2", "a=1", Rule.of(LOWERCASE).src("missing").target("b")),
                c("keepequalEqualKeeps", "__tmp_port=1234,__port1=1234,__port2=5678", "__port1=1234,__port2=5678,__tmp_port=1234",
                        Rule.of(KEEPEQUAL).src("__tmp_port").target("__port1")),
                c("dropequalEqualDrops", "__tmp_port=1234,__port1=1234,__port2=5678", DROPPED,
                        Rule.of(DROPEQUAL).src("__tmp_port").target("__port1")),
                c("dropequalDifferentKeeps", "__tmp_port=1234,__port1=1234,__port2=5678",
                        "__port1=1234,__port2=5678,__tmp_port=1234", Rule.of(DROPEQUAL).src("__tmp_port").target("__port2")),
                c("keepequalDifferentDrops", "__tmp_port=1234,__port1=1234,__port2=5678", DROPPED,
                        Rule.of(KEEPEQUAL).src("__tmp_port").target("__port2")),
                c("keepequalBothMissingKeeps", "a=1", "a=1", Rule.of(KEEPEQUAL).src("x").target("y")),
                c("noRulesKeepEverything", "a=1", "a=1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void relabels(String input, List<Rule> rules, String expected) {
        Relabeler r = Relabeler.of(rules.stream().map(Rule::config).collect(Collectors.toList()));
        Labels out = r.process(parse(input));
        assertEquals(expected, out == null ? DROPPED : format(out), rules.toString());
        // A second run on the same instance (reused buffers) gives the same answer.
        Labels again = r.copy().process(parse(input));
        assertEquals(out, again);
    }

    @Test
    void unchangedSetIsReturnedAsIs() {
        Labels in = Labels.of("a", "foo", "b", "x");
        Relabeler r = Relabeler.of(List.of(Rule.of(REPLACE).src("a").regex("f(.*)").target("b").repl("x").config(),
                Rule.of(KEEP).src("a").regex("foo").config(), Rule.of(LABELDROP).regex("zzz").config()));
        assertSame(in, r.process(in));
    }

    static Stream<Arguments> invalidRules() {
        return Stream.of(
                Arguments.of(Rule.of(HASHMOD).src("a").target("b"), "relabel configuration for hashmod requires non-zero modulus"),
                Arguments.of(Rule.of(REPLACE).src("a"), "relabel configuration for replace action requires 'target_label' value"),
                Arguments.of(Rule.of(LOWERCASE).src("a"), "relabel configuration for lowercase action requires 'target_label' value"),
                Arguments.of(Rule.of(KEEPEQUAL).src("a"), "relabel configuration for keepequal action requires 'target_label' value"),
                Arguments.of(Rule.of(LOWERCASE).target("${3}"), "\"${3}\" is invalid 'target_label' for lowercase action"),
                Arguments.of(Rule.of(REPLACE).target("0${3}"), "\"0${3}\" is invalid 'target_label' for replace action"),
                Arguments.of(Rule.of(REPLACE).target("-${3}"), "\"-${3}\" is invalid 'target_label' for replace action"),
                Arguments.of(Rule.of(REPLACE).target("${"), "\"${\" is invalid 'target_label' for replace action"),
                Arguments.of(Rule.of(HASHMOD).target("a-b").mod(2), "\"a-b\" is invalid 'target_label' for hashmod action"),
                Arguments.of(Rule.of(UPPERCASE).target("a").repl("x"), "'replacement' can not be set for uppercase action"),
                Arguments.of(Rule.of(LABELMAP).repl("-x"), "\"-x\" is invalid 'replacement' for labelmap action"),
                Arguments.of(Rule.of(LABELDROP).src("a"), "labeldrop action requires only 'regex', and no other fields"),
                Arguments.of(Rule.of(LABELKEEP).target("a"), "labelkeep action requires only 'regex', and no other fields"),
                Arguments.of(Rule.of(DROPEQUAL).target("a").regex("x"),
                        "dropequal action requires only 'source_labels' and `target_label`, and no other fields"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRules")
    void rejectsRulesPrometheusRejects(Rule rule, String message) {
        RelabelConfig c = rule.config();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Relabeler.of(List.of(c)));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validTargets")
    void acceptsTemplatedTargets(String target) {
        Relabeler.of(List.of(Rule.of(REPLACE).target(target).config()));
    }

    static Stream<String> validTargets() {
        return Stream.of("label", "label${1}", "${1}label", "${1}", "$1", "asd$2asd", "_${1}_", "foo${bar}foo");
    }

    private static Labels parse(String s) {
        Labels.Builder b = Labels.builder(4);
        for (String kv : s.split(",(?=[A-Za-z_][A-Za-z0-9_]*=)")) {
            if (!kv.isEmpty()) {
                int eq = kv.indexOf('=');
                b.add(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return b.build();
    }

    private static String format(Labels l) {
        StringBuilder sb = new StringBuilder();
        l.forEach((k, v) -> sb.append(sb.length() > 0 ? "," : "").append(k).append('=').append(v));
        return sb.toString();
    }
}
