// The log services' rules for project and logstore names and retention (storage/control-plane.ts).
import type { Logstore, Project } from "../model/inventory";
import { type Problem, problem } from "../model/problems";
import { text } from "../model/text";

/** What is wrong with a new project's name (the log services' rule). */
export function projectProblems(p: Project): Problem[] {
  return /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(p.name ?? "") ? [] : [problem("project.bad-name", "name", text("project_bad_name"))];
}

/** What is wrong with a new logstore's name and retention. */
export function logstoreProblems(l: Logstore): Problem[] {
  const out: Problem[] = [];
  if (!/^[a-z0-9_][a-z0-9_-]{1,61}[a-z0-9_]$/.test(l.name ?? "")) out.push(problem("logstore.bad-name", "name", text("logstore_bad_name")));
  if (!Number.isInteger(l.retentionDays) || l.retentionDays < 1 || l.retentionDays > 3650)
    out.push(problem("logstore.bad-retention", "retentionDays", text("logstore_bad_retention", l.retentionDays)));
  return out;
}
