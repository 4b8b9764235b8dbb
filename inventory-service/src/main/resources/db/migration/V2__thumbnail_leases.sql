-- Thumbnails are platform leased work (LeaseTable): a claim names its replica and a lease expiry, and only the
-- holder records the outcome. A claim taken before this migration expires five minutes after it was taken.
alter table file_attachment add column thumbnail_lease_owner text;
alter table file_attachment rename column thumbnail_claimed_at to thumbnail_lease_until;
update file_attachment set thumbnail_lease_until = thumbnail_lease_until + interval '5 minutes', thumbnail_lease_owner = 'before-leases'
 where thumbnail_status = 'working';
