import { sql, type Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run on any database type */

/** Deepest reply: a reply to the topic has depth 0, a reply to it 1, … up to this. */
export const MAX_REPLY_DEPTH = 4

const run = (db: Kysely<any>, text: string) => sql.raw(text).execute(db)

/**
 * The forum's tables (migration `0005_forum`, ADR 0028): categories with their translations and
 * counters, topics with theirs, and replies. Topics and replies are rows of their own, not content
 * nodes. Every reference is a composite key with the tenant, so the database refuses a topic in
 * another tenant's category or a reply under a reply of another topic; counters never go below 0.
 */
export async function forumTables(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `create table content_forum_categories (
      id uuid primary key,
      tenant_id uuid not null,
      position integer not null default 0,
      moderated boolean not null default false,
      topic_count integer not null default 0 check (topic_count >= 0),
      reply_count integer not null default 0 check (reply_count >= 0),
      last_activity_at timestamptz,
      last_poster_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (tenant_id, id)
    )`,
  )
  await run(
    db,
    `create index content_forum_categories_order on content_forum_categories (tenant_id, position, id)`,
  )
  await run(
    db,
    `create table content_forum_category_translations (
      tenant_id uuid not null,
      category_id uuid not null,
      locale text not null,
      name text not null check (length(name) between 1 and 200),
      slug text not null check (length(slug) between 1 and 200),
      description text,
      primary key (category_id, locale),
      unique (tenant_id, locale, slug),
      foreign key (tenant_id, category_id)
        references content_forum_categories (tenant_id, id) on delete cascade
    )`,
  )
  await run(
    db,
    `create table content_forum_topics (
      id uuid primary key,
      tenant_id uuid not null,
      category_id uuid not null,
      author_id uuid not null,
      locale text not null,
      title text not null check (length(title) between 1 and 300),
      body text not null check (length(body) between 1 and 20000),
      tags jsonb not null default '[]',
      status text not null default 'open' check (status in ('open', 'closed', 'archived')),
      pinned boolean not null default false,
      locked boolean not null default false,
      reply_count integer not null default 0 check (reply_count >= 0),
      pending_count integer not null default 0 check (pending_count >= 0),
      last_activity_at timestamptz not null,
      last_poster_id uuid not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (tenant_id, id),
      foreign key (tenant_id, category_id) references content_forum_categories (tenant_id, id)
    )`,
  )
  await run(
    db,
    `create index content_forum_topics_list on content_forum_topics
      (tenant_id, category_id, pinned desc, last_activity_at desc, id desc)`,
  )
  await run(
    db,
    `create index content_forum_topics_latest on content_forum_topics
      (tenant_id, category_id, last_activity_at desc, id desc)`,
  )
  await run(
    db,
    `create table content_forum_replies (
      id uuid primary key,
      tenant_id uuid not null,
      topic_id uuid not null,
      parent_id uuid,
      depth integer not null default 0 check (depth between 0 and ${MAX_REPLY_DEPTH}),
      path text collate "C" not null,
      author_id uuid not null,
      body text not null check (length(body) between 1 and 20000),
      status text not null check (status in ('pending', 'approved', 'rejected', 'hidden')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      moderated_at timestamptz,
      moderated_by uuid,
      unique (tenant_id, id),
      unique (tenant_id, id, topic_id),
      check ((parent_id is null) = (depth = 0)),
      foreign key (tenant_id, topic_id) references content_forum_topics (tenant_id, id) on delete cascade,
      foreign key (tenant_id, parent_id, topic_id)
        references content_forum_replies (tenant_id, id, topic_id) on delete cascade
    )`,
  )
  await run(
    db,
    `create index content_forum_replies_thread on content_forum_replies (tenant_id, topic_id, path)`,
  )
  await run(
    db,
    `create index content_forum_replies_latest on content_forum_replies
      (tenant_id, topic_id, created_at desc, id desc) where status = 'approved'`,
  )
  await run(
    db,
    `create index content_forum_replies_queue on content_forum_replies (tenant_id, status, created_at, id)`,
  )
}
