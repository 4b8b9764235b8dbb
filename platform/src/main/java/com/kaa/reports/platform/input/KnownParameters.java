package com.kaa.reports.platform.input;

import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A query parameter the operation does not take is a 400 naming it (and the ones it takes), not silently ignored:
 * {@code /templates?search=} once returned every template, the caller believing them filtered. The operation's
 * parameters are its {@code @QueryParam}s; one given twice ({@code limit=1&limit=2}) is refused unless it takes a
 * list, and so is a body sent to an operation that takes none.
 */
public class KnownParameters {

    /** What an operation takes: its query parameters (those that take several values apart) and whether a body. */
    private record Takes(Set<String> single, Set<String> repeatable, boolean body) {
        boolean knows(String name) {
            return single.contains(name) || repeatable.contains(name);
        }
    }

    private final Map<Method, Takes> known = new ConcurrentHashMap<>();

    /** Before the services' own filters (an ownership check's 404): what the request says is checked first. */
    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.USER - 500)
    public void refuseUnknown(HttpServerRequest request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return;
        }
        Takes takes = known.computeIfAbsent(method, KnownParameters::takes);
        if (!takes.body() && hasBody(request)) {
            throw ProblemException.badRequest("this operation takes no request body; send none");
        }
        if (request.query() == null || request.query().isEmpty()) {
            return;
        }
        List<String> unknown = request.params().names().stream().filter(name -> !takes.knows(name)).sorted().toList();
        if (!unknown.isEmpty()) {
            Set<String> all = new TreeSet<>(takes.single());
            all.addAll(takes.repeatable());
            String detail = "unknown query parameter" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + (all.isEmpty() ? "; this operation takes none" : "; this operation takes " + String.join(", ", all));
            throw new ProblemException(Problem.of(400, "Bad Request", detail).withErrors(unknown.stream()
                    .map(name -> new Problem.FieldError(name, "is not a query parameter of this operation")).toList()));
        }
        for (String name : takes.single()) {
            if (request.params().getAll(name).size() > 1) {
                throw ProblemException.invalidField(name, "is given more than once; it takes one value");
            }
        }
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        return length != null ? !length.trim().equals("0") : request.headers().contains("Transfer-Encoding");
    }

    private static Takes takes(Method method) {
        Set<String> single = new TreeSet<>();
        Set<String> repeatable = new TreeSet<>();
        boolean body = false;
        Annotation[][] annotations = method.getParameterAnnotations();
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < annotations.length; i++) {
            boolean annotated = false;
            for (Annotation annotation : annotations[i]) {
                String kind = annotation.annotationType().getSimpleName();
                if (annotation instanceof QueryParam query) {
                    (Collection.class.isAssignableFrom(types[i]) || types[i].isArray() ? repeatable : single).add(query.value());
                }
                // form and multipart parts are a body; path, header, context and validation annotations are not
                body |= kind.equals("RestForm") || kind.equals("FormParam") || kind.equals("BeanParam") || kind.equals("MultipartForm");
                annotated |= kind.endsWith("Param") || kind.equals("Context") || kind.startsWith("Rest") || kind.equals("Suspended");
            }
            // an unannotated parameter is the entity (or something the framework injects: then a body is allowed)
            body |= !annotated;
        }
        return new Takes(single, repeatable, body);
    }
}
