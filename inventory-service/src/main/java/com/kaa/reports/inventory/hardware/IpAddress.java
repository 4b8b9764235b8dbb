package com.kaa.reports.inventory.hardware;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

/** One IPv4 or IPv6 address, without a prefix or a zone (what Postgres' inet stores for a device). */
@Documented
@Constraint(validatedBy = IpAddress.Check.class)
@Target({METHOD, FIELD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface IpAddress {

    String message() default "must be an IPv4 (10.20.0.15) or IPv6 (2001:db8::15) address";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<IpAddress, String> {
        @Override
        public boolean isValid(String address, ConstraintValidatorContext context) {
            return address == null || NetworkAddresses.address(address) != null;
        }
    }
}
