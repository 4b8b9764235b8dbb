-- Thumbnails are platform leased work (LeaseTable): a claim names its replica and a lease expiry, and only the
-- holder records the outcome. Expand only: thumbnail_claimed_at stays for the pods of the previous version during
-- a rolling update (and after a rollback); it is dropped in a later release. A claim taken before this migration,
-- or by such a pod, expires five minutes after it was taken (ThumbnailJob's due condition reads both columns).
alter table file_attachment add column thumbnail_lease_owner text, add column thumbnail_lease_until timestamptz;
update file_attachment set thumbnail_lease_until = coalesce(thumbnail_claimed_at, now()) + interval '5 minutes',
                           thumbnail_lease_owner = 'before-leases'
 where thumbnail_status = 'working';
