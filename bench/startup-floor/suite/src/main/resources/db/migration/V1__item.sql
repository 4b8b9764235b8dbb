create sequence item_seq increment by 50;
create table item (id bigint primary key, name text);
