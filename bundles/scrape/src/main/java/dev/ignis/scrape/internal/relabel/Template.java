package dev.ignis.scrape.internal.relabel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * A replacement template expanded as Go's {@code Regexp.Expand} does, parsed once: {@code $name}
 * and {@code ${name}} where a name is the longest run of letters, digits and underscores (so
 * {@code $1x} names group "1x", which does not exist and expands to nothing), a name of digits
 * without a leading zero is a group number, {@code $$} is a dollar, and a {@code $} not followed
 * by a name is kept literally. Unknown groups and groups that did not participate expand to "".
 */
final class Template {
    private static final int LITERAL = -1;

    /** Literal pieces (for LITERAL ops) and group indexes; parallel arrays. */
    private final String[] literals;
    private final int[] groups;
    private final String literalValue; // the whole template when it has no reference

    private Template(String[] literals, int[] groups) {
        this.literals = literals;
        this.groups = groups;
        this.literalValue = groups.length == 1 && groups[0] == LITERAL ? literals[0]
                : groups.length == 0 ? "" : null;
    }

    /**
     * Parses {@code template} against a regex whose capture groups are named by
     * {@code groupNames} (index 0 is the whole match, unnamed groups are null).
     */
    static Template parse(String template, List<String> groupNames) {
        List<String> lits = new ArrayList<>();
        List<Integer> refs = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        int n = template.length();
        while (i < n) {
            char c = template.charAt(i);
            if (c != '$') {
                lit.append(c);
                i++;
                continue;
            }
            i++;
            if (i < n && template.charAt(i) == '$') {
                lit.append('$');
                i++;
                continue;
            }
            boolean brace = i < n && template.charAt(i) == '{';
            int s = brace ? i + 1 : i;
            int e = s;
            while (e < n) {
                int cp = template.codePointAt(e);
                if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
                    break;
                }
                e += Character.charCount(cp);
            }
            if (e == s || (brace && (e >= n || template.charAt(e) != '}'))) {
                lit.append('$'); // malformed reference: the dollar is literal text
                continue;
            }
            if (lit.length() > 0) {
                lits.add(lit.toString());
                refs.add(LITERAL);
                lit.setLength(0);
            }
            lits.add(null);
            refs.add(resolve(template.substring(s, e), groupNames));
            i = brace ? e + 1 : e;
        }
        if (lit.length() > 0) {
            lits.add(lit.toString());
            refs.add(LITERAL);
        }
        int[] g = new int[refs.size()];
        for (int k = 0; k < g.length; k++) {
            g[k] = refs.get(k);
        }
        return new Template(lits.toArray(new String[0]), g);
    }

    /** Group index for a reference name, or Integer.MAX_VALUE when it names no group. */
    private static int resolve(String name, List<String> groupNames) {
        int num = 0;
        for (int k = 0; k < name.length(); k++) {
            char d = name.charAt(k);
            if (d < '0' || d > '9' || num >= 100_000_000) {
                num = -1;
                break;
            }
            num = num * 10 + (d - '0');
        }
        if (name.length() > 1 && name.charAt(0) == '0') {
            num = -1;
        }
        if (num >= 0) {
            return num < groupNames.size() ? num : Integer.MAX_VALUE;
        }
        int idx = groupNames.indexOf(name);
        return idx < 0 ? Integer.MAX_VALUE : idx;
    }

    /** Whether the template contains no group reference. */
    boolean isLiteral() {
        return literalValue != null;
    }

    /** The expansion for a matched {@code m}, appended to {@code out} (cleared first). */
    String expand(Matcher m, StringBuilder out) {
        if (literalValue != null) {
            return literalValue;
        }
        out.setLength(0);
        for (int k = 0; k < groups.length; k++) {
            int g = groups[k];
            if (g == LITERAL) {
                out.append(literals[k]);
            } else if (g <= m.groupCount() && m.start(g) >= 0) {
                out.append(m.group(g));
            }
        }
        return out.toString();
    }
}
