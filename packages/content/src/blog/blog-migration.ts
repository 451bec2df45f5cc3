import { sql, type Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run on any database type */

/** Deepest reply: a comment on the post has depth 0, a reply to it 1, … up to this. */
export const MAX_COMMENT_DEPTH = 4

/**
 * The blog's comments and per-post counters (migration `0003_blog_comments`). A comment names its
 * post by (tenant, id, kind = 'post'), so the database refuses a comment on another tenant's node
 * or on a node that is not a post; a reply names its parent by (tenant, id, post), so it cannot
 * hang under a comment of another post. The counters never go below zero.
 */
export async function blogTables(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `create table content_blog_comments (
        id uuid primary key,
        tenant_id uuid not null,
        post_id uuid not null,
        post_kind text not null default 'post' check (post_kind = 'post'),
        parent_id uuid,
        depth integer not null default 0 check (depth between 0 and ${MAX_COMMENT_DEPTH}),
        author_id uuid not null,
        body text not null check (length(body) between 1 and 5000),
        status text not null check (status in ('pending', 'approved', 'rejected', 'spam')),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        moderated_at timestamptz,
        moderated_by uuid,
        unique (tenant_id, id),
        unique (tenant_id, id, post_id),
        check ((parent_id is null) = (depth = 0)),
        foreign key (tenant_id, post_id, post_kind)
          references content_nodes (tenant_id, id, kind) on delete cascade,
        foreign key (tenant_id, parent_id, post_id)
          references content_blog_comments (tenant_id, id, post_id) on delete cascade
      )`,
    )
    .execute(db)
  await sql`create index content_blog_comments_post on content_blog_comments (tenant_id, post_id, status, created_at, id)`.execute(
    db,
  )
  await sql`create index content_blog_comments_queue on content_blog_comments (tenant_id, status, created_at, id)`.execute(
    db,
  )
  await sql`create index content_blog_comments_parent on content_blog_comments (tenant_id, parent_id) where parent_id is not null`.execute(
    db,
  )
  await sql
    .raw(
      `create table content_blog_post_counts (
        tenant_id uuid not null,
        post_id uuid primary key,
        approved_comments integer not null default 0 check (approved_comments >= 0),
        pending_comments integer not null default 0 check (pending_comments >= 0),
        foreign key (tenant_id, post_id) references content_nodes (tenant_id, id) on delete cascade
      )`,
    )
    .execute(db)
}
