// A desk at scale for the benchmarks: contacts with names and numbers, conversations, and up to a
// million messages of varied text (a vocabulary drawn with a long tail, names, order numbers), so
// a search meets common words, rare ones and numbers as on a real desk. The rows go in as raw bulk
// SQL (better-sqlite3 prepared statements in one transaction; PostgreSQL multi-row inserts from
// arrays): through the Prisma client a million messages would take many minutes. The text is
// drawn from a seeded generator, so both databases get the same desk.
import Database from "better-sqlite3";
import pg from "pg";
import { parseDatabaseUrl } from "@/lib/db/database-url";
import { CHANNELS } from "@/lib/messages/channels";

export type SeedPlan = { conversations: number; messages: number };

/** What a benchmark can search for in the seeded desk, with how often each occurs. */
export type SeededDesk = {
  /** A word in 10 messages of the million. */
  rareWord: string;
  /** A word in about 1 message of 12 (most conversations hold it). */
  commonWord: string;
  /** A surname about 1 customer in 40 has. */
  surname: string;
  /** Eight digits from the middle of one customer's number, typed as a person reads them. */
  partialNumber: string;
  /** Two words that follow each other in some messages (and appear apart in many more). */
  phrase: string;
  /** The vocabulary's most frequent word: in about 5 messages of 6. */
  nearlyEverywhereWord: string;
  /** A first name some messages end with: in about 1 message of 500. */
  firstName: string;
};

const FIRST_NAMES = ["Amara", "Ben", "Chloé", "Dmitri", "Elena", "Farah", "Gustavo", "Hana", "Ibrahim", "Jonas", "Keiko", "Liam", "Maria", "Noah", "Olga", "Priya", "Quentin", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zoë"];
const SURNAMES = ["Okafor", "Schmidt", "García", "Nguyen", "Kowalski", "Haddad", "Silva", "Tanaka", "Murphy", "Ivanova", "Patel", "Dubois", "Rossi", "Andersson", "Kim", "Mensah", "Novak", "Ferreira", "Cohen", "Yilmaz", "Larsen", "Moreau", "Costa", "Singh", "Brennan", "Fischer", "Park", "Alvarez", "Quinn", "Berg", "Lindqvist", "Oduya", "Sato", "Varga", "Wójcik", "Hughes", "Romano", "Chen", "Dahl", "Ekström"];
// Customer-care words, most frequent first: a word's chance falls with its rank (a Zipf tail).
const VOCABULARY = (
  "the order my i you is to a and it for please hi thanks can delivery when where not have parcel refund " +
  "address still received payment help today yet tracking number was item been card account update return " +
  "cancel status week wrong size colour box damaged late courier store invoice email phone code password " +
  "login app website shipping exchange voucher discount price charged twice bank transfer receipt warranty " +
  "repair broken screen battery charger cable manual booking appointment table reservation flight seat " +
  "luggage ticket hotel room checkin checkout breakfast taxi airport gate delay weather morning evening " +
  "monday tuesday wednesday thursday friday saturday sunday january march july october december " +
  "quickly soon urgent sorry great perfect fine okay problem issue question answer call back tomorrow " +
  "neighbour doorstep locker postcode street apartment floor lift signature photo label sticker seal " +
  "subscription renewal plan upgrade downgrade contract sim roaming data minutes signal router wifi " +
  "fridge oven washer dryer sofa mattress lamp curtain blender kettle toaster vacuum drill ladder"
).split(" ");
/** One of them in every 20,000 messages, in turn. */
const RARE_WORDS = ["kumquat", "zeppelin", "quokka", "marzipan", "yodel"];
/** Sometimes adjacent ("delivery address"), often apart. */
const PHRASE = ["delivery", "address"];

/** Mulberry32: a small seeded generator, so every run seeds the same desk. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** A word of the vocabulary, the first ones far more often (rank r drawn with weight 1/r). */
function zipfPicker(random: () => number, size: number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= size; rank++) cumulative.push((total += 1 / rank));
  return () => {
    const target = random() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function messageText(random: () => number, nextWord: () => number, index: number): string {
  const words: string[] = [];
  const length = 4 + Math.floor(random() * 16);
  for (let position = 0; position < length; position++) words.push(VOCABULARY[nextWord()]!);
  const roll = random();
  if (roll < 0.15) words.push(`#${100_000 + Math.floor(random() * 900_000)}`);
  else if (roll < 0.2) words.splice(Math.floor(random() * words.length), 0, ...PHRASE);
  else if (roll < 0.25) words.push(pick(random, FIRST_NAMES));
  if (index % 20_000 === 7) words.splice(1, 0, RARE_WORDS[Math.floor(index / 20_000) % RARE_WORDS.length]!);
  words[0] = words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1);
  return `${words.join(" ")}${random() < 0.3 ? "?" : "."}`;
}

const contactId = (index: number) => `scontact${String(index).padStart(8, "0")}`;
const conversationId = (index: number) => `sconv${String(index).padStart(8, "0")}`;
/** UK mobile numbers as WhatsApp gives them (no +): 4477009 then five digits. */
const addressOf = (index: number) => `4477009${String(10_000 + index).padStart(5, "0")}`;

type ContactRow = { id: string; channel: string; address: string; name: string | null; profileName: string | null };
type ConversationRow = { id: string; contactId: string; channel: string; status: string; lastMessageAt: Date };
type MessageRow = { id: string; conversationId: string; direction: string; channel: string; text: string; sentAt: Date };

/** The desk's contacts and conversations, and its messages drawn one at a time (a million do not sit in memory). */
function deskRows(plan: SeedPlan, now: number): { contacts: ContactRow[]; conversations: ConversationRow[]; messages: Iterable<MessageRow> } {
  const random = seededRandom(20261130);
  const contacts: ContactRow[] = [];
  const conversations: ConversationRow[] = [];
  for (let index = 0; index < plan.conversations; index++) {
    const fullName = `${pick(random, FIRST_NAMES)} ${SURNAMES[index % SURNAMES.length]}`;
    const channel = CHANNELS[index % CHANNELS.length]!;
    // Some customers only have the name WhatsApp sends, some one an agent gave, some neither.
    const naming = index % 3;
    contacts.push({ id: contactId(index), channel, address: addressOf(index), name: naming === 0 ? fullName : null, profileName: naming === 1 ? fullName : null });
    conversations.push({ id: conversationId(index), contactId: contactId(index), channel, status: index % 4 === 0 ? "resolved" : "open", lastMessageAt: new Date(now - index * 60_000) });
  }
  const nextWord = zipfPicker(random, VOCABULARY.length);
  function* messages(): Generator<MessageRow> {
    for (let index = 0; index < plan.messages; index++) {
      const conversation = conversations[Math.floor(random() * conversations.length)]!;
      yield {
        id: `smsg${index.toString(36).padStart(10, "0")}`,
        conversationId: conversation.id,
        direction: random() < 0.6 ? "inbound" : "outbound",
        channel: conversation.channel,
        text: messageText(random, nextWord, index),
        sentAt: new Date(conversation.lastMessageAt.getTime() - Math.floor(random() * 30 * 86_400_000)),
      };
    }
  }
  return { contacts, conversations, messages: messages() };
}

function seededDesk(plan: SeedPlan): SeededDesk {
  const middle = addressOf(Math.floor(plan.conversations / 2));
  return {
    rareWord: RARE_WORDS[0]!,
    commonWord: "parcel",
    surname: SURNAMES[3]!,
    partialNumber: `${middle.slice(2, 6)} ${middle.slice(6, 10)}`,
    phrase: PHRASE.join(" "),
    nearlyEverywhereWord: VOCABULARY[0]!,
    firstName: FIRST_NAMES[0]!,
  };
}

/** The date text Prisma's SQLite adapter writes (ISO 8601, "+00:00"), so the app reads these rows as its own. */
const sqliteDate = (date: Date) => date.toISOString().replace("Z", "+00:00");

function seedSqlite(filePath: string, plan: SeedPlan, now: number): void {
  const db = new Database(filePath, { timeout: 10_000 });
  try {
    const insertContact = db.prepare(
      `INSERT INTO "Contact" ("id", "channel", "address", "name", "profileName", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertConversation = db.prepare(
      `INSERT INTO "Conversation" ("id", "contactId", "channel", "businessNumber", "status", "lastMessageAt", "lastInboundAt", "lastMessagePreview", "createdAt", "updatedAt")
       VALUES (?, ?, ?, '447700900200', ?, ?, ?, '', ?, ?)`,
    );
    const insertMessage = db.prepare(
      `INSERT INTO "Message" ("id", "conversationId", "direction", "channel", "messageType", "fromAddress", "toAddress", "text", "rawPayload", "sentAt", "receivedAt")
       VALUES (?, ?, ?, ?, 'text', '', '447700900200', ?, '{}', ?, ?)`,
    );
    const created = sqliteDate(new Date(now));
    const { contacts, conversations, messages } = deskRows(plan, now);
    db.transaction(() => {
      for (const contact of contacts) insertContact.run(contact.id, contact.channel, contact.address, contact.name, contact.profileName, created, created);
      for (const conversation of conversations) {
        const at = sqliteDate(conversation.lastMessageAt);
        insertConversation.run(conversation.id, conversation.contactId, conversation.channel, conversation.status, at, at, created, created);
      }
      for (const message of messages) {
        const sentAt = sqliteDate(message.sentAt);
        insertMessage.run(message.id, message.conversationId, message.direction, message.channel, message.text, sentAt, sentAt);
      }
    })();
    db.exec("ANALYZE");
  } finally {
    db.close();
  }
}

/** Rows per PostgreSQL statement: each column goes as one array parameter, unnested. */
const POSTGRES_BATCH = 5_000;

async function seedPostgres(url: string, plan: SeedPlan, now: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const utc = (dates: Date[]) => dates.map((date) => date.toISOString());
  try {
    await client.query("BEGIN");
    let messages: MessageRow[] = [];
    const flush = async () => {
      await client.query(
        `INSERT INTO "Message" ("id", "conversationId", "direction", "channel", "messageType", "fromAddress", "toAddress", "text", "rawPayload", "sentAt", "receivedAt")
         SELECT "id", "conversationId", "direction", "channel", 'text', '', '447700900200', "text", '{}', "sentAt" AT TIME ZONE 'UTC', "sentAt" AT TIME ZONE 'UTC'
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS m("id", "conversationId", "direction", "channel", "text", "sentAt")`,
        [messages.map((m) => m.id), messages.map((m) => m.conversationId), messages.map((m) => m.direction), messages.map((m) => m.channel), messages.map((m) => m.text), utc(messages.map((m) => m.sentAt))],
      );
      messages = [];
    };
    const { contacts, conversations, messages: allMessages } = deskRows(plan, now);
    await client.query(
      `INSERT INTO "Contact" ("id", "channel", "address", "name", "profileName", "updatedAt")
       SELECT *, now() AT TIME ZONE 'UTC' FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [contacts.map((c) => c.id), contacts.map((c) => c.channel), contacts.map((c) => c.address), contacts.map((c) => c.name), contacts.map((c) => c.profileName)],
    );
    await client.query(
      `INSERT INTO "Conversation" ("id", "contactId", "channel", "businessNumber", "status", "lastMessageAt", "lastInboundAt", "updatedAt")
       SELECT "id", "contactId", "channel", '447700900200', "status", "at" AT TIME ZONE 'UTC', "at" AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS c("id", "contactId", "channel", "status", "at")`,
      [conversations.map((c) => c.id), conversations.map((c) => c.contactId), conversations.map((c) => c.channel), conversations.map((c) => c.status), utc(conversations.map((c) => c.lastMessageAt))],
    );
    for (const message of allMessages) {
      messages.push(message);
      if (messages.length === POSTGRES_BATCH) await flush();
    }
    if (messages.length > 0) await flush();
    await client.query("COMMIT");
    // What a bulk load is followed by on a live database: fresh statistics (without them
    // PostgreSQL plans on guesses) and a vacuum, which autovacuum would otherwise start on the
    // new rows in the middle of the timings.
    await client.query("VACUUM ANALYZE");
  } finally {
    await client.end();
  }
}

/** Seeds a migrated, empty desk at `databaseUrl`; answers what to search it for. */
export async function seedMessagesAtScale(databaseUrl: string, plan: SeedPlan): Promise<SeededDesk> {
  const target = parseDatabaseUrl(databaseUrl);
  const now = Date.now();
  if (target.provider === "sqlite") seedSqlite(target.filePath, plan, now);
  else await seedPostgres(target.url, plan, now);
  return seededDesk(plan);
}
