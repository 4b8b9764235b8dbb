import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Reference for bench/gateway-overhead: the least a Vert.x reverse proxy can do on this machine. An HTTP server
 * and one pooled client per event loop, epoll, head copied, body piped; no token, role, rate limit, identity
 * signature, circuit breaker, metrics, audit or problem details. What the gateway costs above it is the price of
 * those; what it costs in all is bounded below by it.
 *   java -cp <vertx-core and netty jars> BareProxy.java PORT UPSTREAM_PORT STRIP_PREFIX
 */
public class BareProxy {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int upstream = Integer.parseInt(args[1]);
        String strip = args[2];
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(2));
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start() {
                HttpClient client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(200).setKeepAlive(true));
                vertx.createHttpServer().requestHandler(request -> {
                    request.pause();
                    RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(upstream)
                            .setMethod(request.method()).setURI(request.uri().substring(strip.length())).setHeaders(request.headers());
                    client.request(options)
                            .compose(out -> {
                                if (request.headers().contains("Content-Length") || request.headers().contains("Transfer-Encoding")) {
                                    return out.send(request);
                                }
                                request.resume();
                                return out.send();
                            })
                            .onSuccess(in -> {
                                request.response().setStatusCode(in.statusCode()).headers().setAll(in.headers());
                                request.response().send(in);
                            })
                            .onFailure(failure -> request.response().setStatusCode(502).end());
                }).listen(port);
            }
        }, new DeploymentOptions().setInstances(2));
        System.out.println("bare proxy on " + port + ", epoll " + vertx.isNativeTransportEnabled());
    }
}
