package com.kaa.reports.platform.input;

import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A query parameter the operation does not take is a 400 naming it (and the ones it takes), not silently ignored:
 * {@code /templates?search=} once returned every template, the caller believing them filtered. The operation's
 * parameters are its {@code @QueryParam}s.
 */
public class KnownParameters {

    private final Map<Method, Set<String>> known = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public void refuseUnknown(HttpServerRequest request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null || request.query() == null || request.query().isEmpty()) {
            return;
        }
        Set<String> takes = known.computeIfAbsent(method, KnownParameters::queryParameters);
        List<String> unknown = request.params().names().stream().filter(name -> !takes.contains(name)).sorted().toList();
        if (!unknown.isEmpty()) {
            String detail = "unknown query parameter" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + (takes.isEmpty() ? "; this operation takes none" : "; this operation takes " + String.join(", ", takes));
            throw new ProblemException(Problem.of(400, "Bad Request", detail).withErrors(unknown.stream()
                    .map(name -> new Problem.FieldError(name, "is not a query parameter of this operation")).toList()));
        }
    }

    private static Set<String> queryParameters(Method method) {
        Set<String> names = new TreeSet<>();
        for (Annotation[] annotations : method.getParameterAnnotations()) {
            for (Annotation annotation : annotations) {
                if (annotation instanceof QueryParam query) {
                    names.add(query.value());
                }
            }
        }
        return names;
    }
}
