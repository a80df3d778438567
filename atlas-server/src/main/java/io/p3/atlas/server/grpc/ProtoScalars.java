package io.p3.atlas.server.grpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * What a scalar proto field accepts as text (a query parameter, or a JSON string/number): the one rule used
 * by the query-parameter check and the JSON body check, so both say the same thing about the same field.
 */
final class ProtoScalars {
    private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger UINT32_MAX = BigInteger.valueOf(0xFFFF_FFFFL);
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private ProtoScalars() {
    }

    /** Null if {@code text} is a valid value of the number or bool field {@code fd}, else the expected form. */
    static String problem(FieldDescriptor fd, String text) {
        String t = text.strip();
        return switch (fd.getJavaType()) {
            case INT, LONG -> integerProblem(fd, t);
            case FLOAT, DOUBLE -> isNumber(t) ? null : "a number";
            case BOOLEAN -> t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false") ? null : "true or false";
            default -> null;
        };
    }

    /** Null if {@code value} (an integral JSON number) fits the integer field {@code fd}. */
    static String integerProblem(FieldDescriptor fd, BigInteger value) {
        BigInteger[] range = range(fd);
        return value.compareTo(range[0]) < 0 || value.compareTo(range[1]) > 0 ? expectedInteger(range) : null;
    }

    private static String integerProblem(FieldDescriptor fd, String t) {
        BigInteger v;
        try {
            v = new BigInteger(t);
        } catch (NumberFormatException e) {
            return expectedInteger(range(fd));
        }
        return integerProblem(fd, v);
    }

    private static String expectedInteger(BigInteger[] range) {
        return "an integer from " + range[0] + " to " + range[1];
    }

    private static BigInteger[] range(FieldDescriptor fd) {
        return switch (fd.getType()) {
            case UINT32, FIXED32 -> new BigInteger[] {BigInteger.ZERO, UINT32_MAX};
            case INT64, SINT64, SFIXED64 -> new BigInteger[] {INT64_MIN, INT64_MAX};
            case UINT64, FIXED64 -> new BigInteger[] {BigInteger.ZERO, UINT64_MAX};
            default -> new BigInteger[] {INT32_MIN, INT32_MAX};
        };
    }

    private static boolean isNumber(String t) {
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals("nan") || lower.equals("infinity") || lower.equals("-infinity")) {
            return true;
        }
        try {
            new BigDecimal(t);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
