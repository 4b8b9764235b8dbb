package com.kaa.reports.inventory.visits;

import com.kaa.reports.platform.problems.ProblemException;

import java.util.List;
import java.util.Map;

/**
 * The life of a visit report: a draft is submitted, reviewed, approved and completed; a reviewer can send
 * it back one step; anything not completed can be cancelled, and a cancelled report reopened as a draft.
 * Completed is final: the client has the report.
 */
final class VisitReportStatus {

    private static final Map<String, List<String>> NEXT = Map.of(
            "draft", List.of("submitted", "cancelled"),
            "submitted", List.of("in_review", "draft", "cancelled"),
            "in_review", List.of("approved", "submitted", "cancelled"),
            "approved", List.of("completed", "in_review", "cancelled"),
            "completed", List.of(),
            "cancelled", List.of("draft"));

    private VisitReportStatus() {
    }

    static void checkTransition(String from, String to) {
        if (to == null || to.equals(from)) {
            return;
        }
        List<String> allowed = NEXT.getOrDefault(from, List.of());
        if (!allowed.contains(to)) {
            throw ProblemException.conflict("a " + from + " visit report cannot become " + to
                    + (allowed.isEmpty() ? ": it is final" : "; it can become " + String.join(", ", allowed)));
        }
    }

    static Map<String, List<String>> transitions() {
        return NEXT;
    }
}
