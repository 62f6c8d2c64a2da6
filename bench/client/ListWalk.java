import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows a listing's {@code Link: <…>; rel="next"} URLs the way a client pages, in one process (a curl per
 * page would measure process start-up): {@code ListWalk <first-page-url> <user:password> <page>} requests
 * pages 1 to page-1 and prints the URL of page {@code page}, which the bench then times like page 1.
 */
public final class ListWalk {

    private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?next\"?");

    public static void main(String[] args) throws Exception {
        URI page = URI.create(args[0]);
        String authorization = "Basic " + Base64.getEncoder().encodeToString(args[1].getBytes(StandardCharsets.UTF_8));
        int target = Integer.parseInt(args[2]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int n = 1; n < target; n++) {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(page).header("Authorization", authorization)
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                System.err.println("page " + n + ": HTTP " + response.statusCode());
                System.exit(1);
            }
            Matcher next = response.headers().allValues("Link").stream().map(NEXT::matcher).filter(Matcher::find)
                    .findFirst().orElse(null);
            if (next == null) {
                System.err.println("page " + n + " has no next link");
                System.exit(1);
            }
            page = page.resolve(next.group(1));
        }
        System.out.println(page);
    }
}
