package com.kaa.reports.platform.problems;

import io.quarkus.arc.Arc;
import jakarta.enterprise.inject.Any;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods a path of this service has, for the {@code Allow} header of a 405 (RFC 9110 15.5.6): the REST layer
 * refuses the method without saying which ones exist. Read once from the resource classes' annotations.
 */
final class AllowedMethods {

    private record Operation(Pattern path, String method) {
    }

    private static volatile List<Operation> operations;

    private AllowedMethods() {
    }

    /** "GET, HEAD, OPTIONS, POST" for a path with a GET and a POST; null when no resource has the path. */
    static String of(String path) {
        Set<String> methods = new TreeSet<>();
        for (Operation operation : operations()) {
            if (operation.path().matcher(path).matches()) {
                methods.add(operation.method());
            }
        }
        if (methods.isEmpty()) {
            return null;
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        methods.add("OPTIONS");
        return String.join(", ", methods);
    }

    private static List<Operation> operations() {
        List<Operation> known = operations;
        if (known == null) {
            known = read();
            operations = known;
        }
        return known;
    }

    private static List<Operation> read() {
        List<Operation> found = new ArrayList<>();
        // beans, not instances: resource classes are CDI beans in Quarkus REST
        for (jakarta.enterprise.inject.spi.Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            Path root = type.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                String verb = verb(method);
                if (verb != null) {
                    Path sub = method.getAnnotation(Path.class);
                    found.add(new Operation(pattern(join(root.value(), sub == null ? "" : sub.value())), verb));
                }
            }
        }
        return List.copyOf(found);
    }

    private static String verb(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String join(String root, String sub) {
        String path = ("/" + root + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** A JAX-RS template as a regex: each {name} or {name: regex} is one segment. */
    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf('{', at);
            if (open < 0) {
                regex.append(Pattern.quote(template.substring(at)));
                break;
            }
            regex.append(Pattern.quote(template.substring(at, open)));
            int close = template.indexOf('}', open);
            regex.append("[^/]+");
            at = close + 1;
        }
        return Pattern.compile(regex + "/?");
    }
}
