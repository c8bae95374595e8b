// Writes the doubles of float-format.txt: hex bits and a 17-digit decimal that parses back to them.
import java.math.BigDecimal;
import java.util.*;
public class Values {
    public static void main(String[] a) {
        SplittableRandom rnd = new SplittableRandom(20261127);
        LinkedHashSet<Double> vs = new LinkedHashSet<>();
        double[] fixed = {Double.MIN_VALUE, 2 * Double.MIN_VALUE, 3 * Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
            Double.MAX_VALUE, 1e23, 8.41e21, 5e-324, 1e21, Math.nextDown(1e21), 1e-6, Math.nextDown(1e-6), Math.nextUp(1e-6),
            0.1, 0.2, 0.3, 0.30000000000000004, 1.0 / 3, 2.0 / 3, 9007199254740993.0, 9007199254740992.0, 1e15, Math.nextUp(1e15),
            123456789012345678.0, 1795767063.7048228, 0.000001, 1e20, 1e22, 5e-7, 2.5, 1.5, 0.5, 1e-5, 1e-4};
        for (double v : fixed) { vs.add(v); vs.add(-v); }
        for (int e = -20; e <= 22; e++) { double p = Double.parseDouble("1e" + e); vs.add(p); vs.add(Math.nextUp(p)); vs.add(Math.nextDown(p)); }
        for (int e = -1074; e <= 1023; e += 37) { double p = Math.scalb(1.0, e); vs.add(p); vs.add(Math.nextUp(p)); vs.add(Math.nextDown(p)); }
        while (vs.size() < 2400) {
            double v;
            switch (rnd.nextInt(6)) {
                case 0: v = Double.longBitsToDouble(rnd.nextLong()); break;                           // any double
                case 1: v = rnd.nextDouble() * Math.pow(10, rnd.nextInt(30) - 8); break;               // API 'f' range mostly
                case 2: v = (rnd.nextInt(100000) + 1) * 15.0 / 300 * (1 + rnd.nextDouble() / 10); break; // rate-like
                case 3: v = rnd.nextInt(1000000) / 100.0; break;                                       // 2-decimal gauges
                case 4: v = (rnd.nextLong(1L << 53) + 1) * Math.pow(2, rnd.nextInt(120) - 60); break;
                default: v = Math.nextUp(Math.rint(rnd.nextDouble() * 1e6)) ; break;
            }
            if (!Double.isFinite(v) || v == 0) continue;
            if (rnd.nextInt(4) == 0) v = -v;
            vs.add(v);
        }
        for (double v : vs) {
            String exact = new BigDecimal(v).round(new java.math.MathContext(17)).toString();
            if (Double.parseDouble(exact) != v) throw new AssertionError(v);
            System.out.println(Long.toHexString(Double.doubleToRawLongBits(v)) + " " + exact);
        }
    }
}
