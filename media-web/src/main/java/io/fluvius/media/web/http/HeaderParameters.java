package io.fluvius.media.web.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code ; name=value} parameters of a header such as {@code Content-Disposition} (RFC 9110 §5.6.6):
 * names lower-cased, quoted strings unquoted. Lenient: a parameter it cannot read is skipped, because a
 * header with one odd parameter still says something useful in the others.
 */
final class HeaderParameters {

    private HeaderParameters() {
    }

    /** The parameters after the first {@code ;} of {@code header}; empty when there are none. */
    static Map<String, String> of(String header) {
        var parameters = new LinkedHashMap<String, String>();
        if (header == null) {
            return parameters;
        }
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            i++; // past ';'
            int equals = header.indexOf('=', i);
            int nextSemicolon = header.indexOf(';', i);
            if (equals < 0 || (nextSemicolon >= 0 && nextSemicolon < equals)) {
                i = nextSemicolon; // a parameter without a value
                continue;
            }
            String name = header.substring(i, equals).trim().toLowerCase(Locale.ROOT);
            int start = skipSpaces(header, equals + 1);
            String value;
            if (start < header.length() && header.charAt(start) == '"') {
                var unquoted = new StringBuilder();
                int j = start + 1;
                for (; j < header.length() && header.charAt(j) != '"'; j++) {
                    char c = header.charAt(j);
                    if (c == '\\' && j + 1 < header.length()) {
                        c = header.charAt(++j);
                    }
                    unquoted.append(c);
                }
                value = unquoted.toString();
                i = header.indexOf(';', Math.min(j + 1, header.length()));
            } else {
                int end = header.indexOf(';', start);
                value = header.substring(start, end < 0 ? header.length() : end).trim();
                i = end;
            }
            if (!name.isEmpty()) {
                parameters.putIfAbsent(name, value);
            }
        }
        return parameters;
    }

    private static int skipSpaces(String s, int from) {
        int i = from;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
