package com.kaa.reports.platform.input;

import com.kaa.reports.platform.problems.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A NUL character anywhere in the request target (path or query, spelled %00) is refused before routing: no
 * parameter of the suite may hold one, and Postgres refuses it in text (SQLSTATE 22021) as a 500 otherwise.
 * Request bodies are held to the same rule by {@link BoundedJson}.
 */
public class NulCharacters {

    @ServerRequestFilter(preMatching = true)
    public void refuseNul(HttpServerRequest request) {
        String uri = request.uri();
        for (int i = uri.indexOf('%'); i >= 0 && i + 2 < uri.length(); i = uri.indexOf('%', i + 1)) {
            if (uri.charAt(i + 1) == '0' && uri.charAt(i + 2) == '0') {
                throw ProblemException.badRequest("the request target " + InputBounds.NUL + " (%00)");
            }
        }
        if (uri.indexOf('\0') >= 0) {
            throw ProblemException.badRequest("the request target " + InputBounds.NUL);
        }
    }
}
