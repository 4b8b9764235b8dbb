package com.kaa.reports.platform.kenya;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Kenya's 47 counties (Constitution of Kenya 2010, First Schedule, in its order). Properties and offices
 * name one of them; ingestion and forms accept any letter case and store the canonical spelling.
 */
public final class KenyaCounties {

    public static final List<String> ALL = List.of(
            "Mombasa", "Kwale", "Kilifi", "Tana River", "Lamu", "Taita Taveta", "Garissa", "Wajir", "Mandera",
            "Marsabit", "Isiolo", "Meru", "Tharaka Nithi", "Embu", "Kitui", "Machakos", "Makueni", "Nyandarua",
            "Nyeri", "Kirinyaga", "Murang'a", "Kiambu", "Turkana", "West Pokot", "Samburu", "Trans Nzoia",
            "Uasin Gishu", "Elgeyo Marakwet", "Nandi", "Baringo", "Laikipia", "Nakuru", "Narok", "Kajiado",
            "Kericho", "Bomet", "Kakamega", "Vihiga", "Bungoma", "Busia", "Siaya", "Kisumu", "Homa Bay",
            "Migori", "Kisii", "Nyamira", "Nairobi");

    private static final Map<String, String> BY_KEY = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(KenyaCounties::key, Function.identity()));

    private KenyaCounties() {
    }

    /** The canonical name of a county, ignoring case, hyphens and apostrophe style ("murang’a" too). */
    public static Optional<String> canonical(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_KEY.get(key(name)));
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace('’', '\'').replace('-', ' ').replaceAll("\\s+", " ");
    }
}
