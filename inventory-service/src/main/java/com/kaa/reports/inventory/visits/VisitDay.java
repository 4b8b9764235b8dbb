package com.kaa.reports.inventory.visits;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.LocalDate;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.CONSTRUCTOR;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

/**
 * A day a visit can be filed under: from 2000-01-01 to ten years ahead (visits are recorded days after they happen,
 * or planned; backfills go back years, not centuries). Narrower than the platform's years 0001-9999 because each
 * month of {@code visit_report} is a partition made on first use (VisitReportPartitions): any day of those years would
 * let one organization create some 120,000 tables that every organization's queries then plan over.
 */
@Documented
@Constraint(validatedBy = VisitDay.Check.class)
@Target({METHOD, FIELD, ANNOTATION_TYPE, CONSTRUCTOR, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface VisitDay {

    LocalDate FIRST = LocalDate.of(2000, 1, 1);
    int YEARS_AHEAD = 10;

    String message() default "must be between 2000-01-01 and " + YEARS_AHEAD + " years from today";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<VisitDay, LocalDate> {
        @Override
        public boolean isValid(LocalDate day, ConstraintValidatorContext context) {
            return day == null || (!day.isBefore(FIRST) && !day.isAfter(LocalDate.now().plusYears(YEARS_AHEAD)));
        }
    }
}
