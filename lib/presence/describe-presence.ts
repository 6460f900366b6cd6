// The line a thread shows about who else is on it: "Sam is typing a reply · Ana and Lee are viewing".
import type { PresencePerson } from "./presence-snapshot";

/** Names a few people; past that, how many more. */
function namePeople(names: string[]): string {
  if (names.length <= 3) return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  const others = names.length - 2;
  return `${names.slice(0, 2).join(", ")} and ${others} others`;
}

export function describePresence(people: PresencePerson[]): string {
  const typing = people.filter((person) => person.state === "typing").map((person) => person.name);
  const viewing = people.filter((person) => person.state === "viewing").map((person) => person.name);
  return [
    typing.length > 0 ? `${namePeople(typing)} ${typing.length === 1 ? "is" : "are"} typing a reply` : null,
    viewing.length > 0 ? `${namePeople(viewing)} ${viewing.length === 1 ? "is" : "are"} viewing` : null,
  ]
    .filter((part) => part !== null)
    .join(" · ");
}
