import dev.ignis.promql.internal.ast.AstDump;
import dev.ignis.promql.internal.parser.PromQL;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Prints the AstDump of each query on stdin (one a line, ⏎ for newlines), "-" if it fails. */
public class Dump {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, true, "UTF-8");
        String line;
        while ((line = in.readLine()) != null) {
            String dump;
            try {
                dump = AstDump.dump(PromQL.parse(line.replace("⏎", "\n")));
            } catch (RuntimeException e) {
                dump = "-";
            }
            out.println(dump);
        }
    }
}
