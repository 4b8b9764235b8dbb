-- Who may read a report's executions, from report-definition-service's events (reports.definitions.v1): a private
-- report's runs, outputs and download links are its owner's and its organization's admins', as the report itself is.
-- No row (a report this service has not heard of yet): its executions are the organization's, as before this table.
create table report_access (
    report_id          uuid primary key,
    organization       text   not null,
    owner              text,
    visibility         text   not null,
    definition_version bigint not null
);
