// robots.txt as the importer needs it: the group for our user agent (else
// "*"), Allow/Disallow by longest matching path prefix (with * and $), and the
// Sitemap lines.

export const IMPORTER_USER_AGENT = "ArticulateKnowledgeBot";

export interface RobotsRules {
  allowed(pathAndQuery: string): boolean;
  sitemaps: string[];
}

interface Rule {
  allow: boolean;
  pattern: RegExp;
  length: number;
}

function toPattern(path: string): RegExp {
  const anchored = path.endsWith("$");
  const body = (anchored ? path.slice(0, -1) : path)
    .split("*")
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}${anchored ? "$" : ""}`);
}

export function parseRobots(text: string): RobotsRules {
  const sitemaps: string[] = [];
  const groups = new Map<string, Rule[]>();
  let agents: string[] = [];
  let inRules = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, "").trim();
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = (m[1] ?? "").toLowerCase();
    const value = (m[2] ?? "").trim();
    if (key === "sitemap") {
      if (value) sitemaps.push(value);
    } else if (key === "user-agent") {
      if (inRules) agents = [];
      inRules = false;
      agents.push(value.toLowerCase());
      for (const a of agents) if (!groups.has(a)) groups.set(a, []);
    } else if (key === "allow" || key === "disallow") {
      inRules = true;
      if (key === "disallow" && value === "") continue; // "Disallow:" allows everything
      for (const a of agents)
        groups.get(a)?.push({ allow: key === "allow", pattern: toPattern(value), length: value.length });
    }
  }
  const ours = [...groups.entries()].find(([a]) => a !== "*" && IMPORTER_USER_AGENT.toLowerCase().includes(a))?.[1];
  const rules = ours ?? groups.get("*") ?? [];
  return {
    sitemaps,
    allowed(pathAndQuery) {
      let best: Rule | undefined;
      for (const r of rules) {
        if (
          r.pattern.test(pathAndQuery) &&
          (!best || r.length > best.length || (r.length === best.length && r.allow))
        ) {
          best = r;
        }
      }
      return best ? best.allow : true;
    },
  };
}

export const ALLOW_ALL: RobotsRules = { sitemaps: [], allowed: () => true };
