import { describe, expect, it } from "vitest";
import { describePresence } from "./describe-presence";
import type { PresencePerson } from "./presence-snapshot";

const person = (name: string, state: PresencePerson["state"] = "viewing"): PresencePerson => ({ id: `user-${name}`, name, state });

describe("describePresence", () => {
  it.each([
    [[], ""],
    [[person("Sam")], "Sam is viewing"],
    [[person("Sam", "typing")], "Sam is typing a reply"],
    [[person("Sam"), person("Ana")], "Sam and Ana are viewing"],
    [[person("Sam", "typing"), person("Ana")], "Sam is typing a reply · Ana is viewing"],
    [[person("Sam", "typing"), person("Ana", "typing"), person("Lee")], "Sam and Ana are typing a reply · Lee is viewing"],
    [[person("Sam"), person("Ana"), person("Lee")], "Sam, Ana and Lee are viewing"],
    [[person("Sam"), person("Ana"), person("Lee"), person("Kim"), person("Bo")], "Sam, Ana and 3 others are viewing"],
  ])("%j reads %j", (people, line) => {
    expect(describePresence(people)).toBe(line);
  });
});
