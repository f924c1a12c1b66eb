// Knowledge search for one agent: PostgreSQL full-text search over its enabled
// FAQ entries and its passages, ranked, in one round trip. Raw SQL because the
// ranking (ts_rank_cd over generated tsvector columns, btree_gin index on
// agentId + vector) has no Prisma equivalent; scoped by tenantId AND agentId.
//
// The question becomes an OR of prefix terms ('parking' → 'park':*), English
// stemming and stop words applied by to_tsquery; "quoted phrases" become
// adjacency (<->) terms. Each hit also says how many of the question's terms it
// contains (`matchedTerms` of `totalTerms`): the ranking prefers hits covering
// more of the question, and callers use it to tell a real answer from a
// passage that merely shares a word.
import { sqlPool } from "../client";

export interface KnowledgeHit {
  kind: "faq" | "passage";
  id: string;
  /** FAQ question, or page/document title. */
  title: string;
  /** FAQ answer or passage text. */
  text: string;
  /** Passage source address; null for FAQ entries and text documents. */
  url: string | null;
  score: number;
  matchedTerms: number;
  totalTerms: number;
}

export interface KnowledgeQuery {
  /** The whole tsquery (terms OR-ed) and each term alone, in to_tsquery syntax. */
  query: string;
  terms: string[];
}

const MAX_TERMS = 16;
const WORD = /[\p{L}\p{N}]+/gu;

/** Turns a spoken question into safe to_tsquery text: only letters/digits reach it. */
export function buildKnowledgeQuery(question: string): KnowledgeQuery {
  const terms: string[] = [];
  const seen = new Set<string>();
  const add = (t: string) => {
    if (terms.length < MAX_TERMS && !seen.has(t)) {
      seen.add(t);
      terms.push(t);
    }
  };
  // Phrases first ("after hours" → after <-> hours), then every word as a prefix.
  for (const m of question.matchAll(/"([^"]+)"/g)) {
    const words = (m[1] ?? "").toLowerCase().match(WORD) ?? [];
    if (words.length > 1) add(`(${words.join(" <-> ")})`);
  }
  for (const w of question.toLowerCase().match(WORD) ?? []) {
    if (w.length <= 64) add(`${w}:*`);
  }
  return { query: terms.join(" | "), terms };
}

// FAQ entries are written by the owner for exactly this purpose: a small boost
// over website passages that score the same.
const FAQ_BOOST = 1.5;
// The best-scoring hits are re-ranked by how many of the question's terms each
// holds (then by score): an entry that covers "root canal dentist" beats one
// that only repeats "dentist" in its title.
const RERANK_POOL = 20;

const SEARCH_SQL = `
WITH q AS (SELECT to_tsquery('english', $3) AS query),
terms AS (
  SELECT to_tsquery('english', t) AS tq FROM unnest($4::text[]) AS t
  WHERE numnode(to_tsquery('english', t)) > 0
),
hits AS (
  (SELECT 'faq' AS kind, f."id", f."question" AS title, f."answer" AS text, NULL::text AS url,
          f."searchVector" AS v, ts_rank(f."searchVector", q.query, 1) * ${FAQ_BOOST} AS score
     FROM "FaqEntry" f, q
    WHERE f."agentId" = $2 AND f."tenantId" = $1 AND f."enabled" AND f."searchVector" @@ q.query)
  UNION ALL
  (SELECT 'passage', p."id", p."title", p."text", p."url",
          p."searchVector", ts_rank(p."searchVector", q.query, 1)
     FROM "KnowledgePassage" p, q
    WHERE p."agentId" = $2 AND p."tenantId" = $1 AND p."searchVector" @@ q.query)
),
top AS (SELECT * FROM hits ORDER BY score DESC, id LIMIT ${RERANK_POOL}),
covered AS (
  SELECT top.*, (SELECT count(*) FROM terms WHERE top.v @@ terms.tq)::int AS "matchedTerms" FROM top
)
SELECT kind, id, title, text, url, score::float8 AS score, "matchedTerms",
       (SELECT count(*) FROM terms)::int AS "totalTerms"
  FROM covered ORDER BY "matchedTerms" DESC, score DESC, id LIMIT $5`;

/**
 * The best `limit` FAQ entries and passages of one agent for a question, best
 * first. A question with no searchable words (only stop words) returns [].
 */
export async function searchAgentKnowledge(
  tenantId: string,
  agentId: string,
  question: string,
  opts: { limit?: number } = {},
): Promise<KnowledgeHit[]> {
  if (typeof tenantId !== "string" || tenantId.length === 0)
    throw new Error("searchAgentKnowledge: tenantId is required");
  if (typeof agentId !== "string" || agentId.length === 0) throw new Error("searchAgentKnowledge: agentId is required");
  const { query, terms } = buildKnowledgeQuery(question);
  if (terms.length === 0) return [];
  const limit = Math.min(Math.max(opts.limit ?? 3, 1), 20);
  const { rows } = await sqlPool().query<KnowledgeHit>({
    name: "articulate_knowledge_search",
    text: SEARCH_SQL,
    values: [tenantId, agentId, query, terms, limit],
  });
  return rows;
}
