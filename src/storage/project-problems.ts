// The log services' rules for project and logstore names and retention (storage/control-plane.ts).
import type { Logstore, Project } from "../model/inventory";
import { type Problem, problem } from "../model/problems";

/** What is wrong with a new project's name (the log services' rule). */
export function projectProblems(p: Project): Problem[] {
  return /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(p.name ?? "")
    ? []
    : [
        problem(
          "project.bad-name",
          "name",
          "a project name has 3-63 lowercase letters, digits and -, not starting or ending with -",
          "Project 名称为 3-63 个小写字母、数字或中划线，且不能以中划线开头或结尾",
        ),
      ];
}

/** What is wrong with a new logstore's name and retention. */
export function logstoreProblems(l: Logstore): Problem[] {
  const out: Problem[] = [];
  if (!/^[a-z0-9_][a-z0-9_-]{1,61}[a-z0-9_]$/.test(l.name ?? ""))
    out.push(
      problem(
        "logstore.bad-name",
        "name",
        "a logstore name has 3-63 lowercase letters, digits, _ and -",
        "Logstore 名称为 3-63 个小写字母、数字、下划线或中划线",
      ),
    );
  if (!Number.isInteger(l.retentionDays) || l.retentionDays < 1 || l.retentionDays > 3650)
    out.push(
      problem(
        "logstore.bad-retention",
        "retentionDays",
        `retention ${l.retentionDays} must be 1 to 3650 days`,
        `保存时间 ${l.retentionDays} 必须为 1-3650 天`,
      ),
    );
  return out;
}
