package com.kaa.reports.execution.datasets;

import com.kaa.reports.platform.queryspec.ColumnType;
import com.kaa.reports.platform.queryspec.DatasetDeclaration;

/**
 * A column of a dataset as reports see it, with the SQL expression that computes it. The expression is
 * written here, in code, never taken from a request: {@code t} is the dataset's table and
 * {@code {zone}} stands for the bound time-zone parameter of the query (for local hours and days).
 */
public record CatalogColumn(String name, ColumnType type, String label, boolean filterable, boolean groupable,
                            boolean aggregatable, boolean pii, String sql) {

    /** Something to filter and group by (county, status, a local day). */
    public static CatalogColumn dimension(String name, ColumnType type, String label, String sql) {
        return new CatalogColumn(name, type, label, true, true, type.numeric() || type.temporal(), false, sql);
    }

    /** A number to aggregate and filter on (rent, amount, weight). */
    public static CatalogColumn measure(String name, ColumnType type, String label, String sql) {
        return new CatalogColumn(name, type, label, true, false, true, false, sql);
    }

    /** An identifier or free text: filterable, shown, neither grouped nor aggregated. */
    public static CatalogColumn attribute(String name, ColumnType type, String label, String sql) {
        return new CatalogColumn(name, type, label, true, false, false, false, sql);
    }

    public CatalogColumn asPii() {
        return new CatalogColumn(name, type, label, filterable, groupable, aggregatable, true, sql);
    }

    public DatasetDeclaration.Column declaration() {
        return new DatasetDeclaration.Column(name, type, label, filterable, groupable, aggregatable, pii);
    }
}
