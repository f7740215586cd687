// One help text per command, for `checkout-console help CMD` and `CMD --help`. The global
// overview (HELP in main/cli.ts) lists every command in one line or two; these say the rest.
// Keys are what the merchant types: `link create` and `link cancel` have their own entries.

export const COMMAND_HELP: Record<string, string> = {
  demo: `Usage: checkout-console demo [--port N] [--json]

Shows the whole thing working, with no Quaderno account and no keychain: starts the built-in
sandbox and the webhook receiver wired to it, creates a sample link and prints it. Open the
link in a browser and pay: each sale (and each failed or abandoned payment) is printed as it
is recorded, until Ctrl+C, then "Stopped." and exit 0. The demo keeps its own ledger in the
data folder's demo/ sub-folder, so your accounts stay as they are and later runs keep the
earlier demo sales (\`checkout-console --data-dir DIR/demo fulfillments\` lists them).

  --port N   Port for the webhook receiver (default: any free port).
  --json     One JSON object per line: the link first, then one per event.`,

  sandbox: `Usage: checkout-console sandbox [--port N] [--key K] [--state FILE] [--profile documented|observed] [--json]

Runs the built-in Quaderno simulator until Ctrl+C, then prints "Stopped." and exits 0.
Its state (ids, sessions, the key) is kept in the data folder, or in --state FILE.

  --port N        Port to listen on (default: the one it last ran on for this data folder,
                  else any free port; \`login --sandbox\` accounts keep working after a restart).
  --key K         API key to accept (sk_test_…). A saved sandbox keeps its key: to use another,
                  start a separate sandbox with --state FILE.
  --state FILE    Keep this sandbox's state in FILE instead of the data folder.
  --profile P     documented (as Quaderno's docs say) or observed (as the real API answers);
                  kept with the state.
  --json          Print the address and key as one JSON object.`,

  login: `Usage: checkout-console login --api-url URL
       checkout-console login --sandbox

Adds a Quaderno account and makes it the active one. The secret API key is read from stdin
(typed without echo in a terminal) and kept in the OS keychain, never in the data folder.

  --api-url URL   The account's API address, e.g. https://ACCOUNT.quadernoapp.com/api/
  --sandbox       Use the sandbox that \`checkout-console sandbox\` runs for this data folder
                  (start it first, in another terminal). No key to give, no keychain needed.`,

  logout: `Usage: checkout-console logout [--api-url NAME|URL]

Removes an account (the active one unless --api-url names another, by name or API URL) and
its secrets from the keychain: its key, its delivery secrets and the receiver's webhook keys.
Quaderno is asked to delete the webhook \`listen\` made for it (one try, a few seconds at most:
logging out offline still works, and leaves that webhook in Quaderno). An account added from
CHECKOUT_CONSOLE_API_URL comes back on the next command unless that variable is unset.`,

  config: `Usage: checkout-console config [--json]
       checkout-console config get success-url|cancel-url
       checkout-console config set success-url URL
       checkout-console config set cancel-url URL

Shows the settings, or sets where new links send the customer after paying (success-url) or
when they leave without paying (cancel-url); the app's Settings › Link defaults are the same
settings. Until set, new links use placeholders on example.com. \`link create --success-url\`
and \`--cancel-url\` still override them for one link.`,

  backup: `Usage: checkout-console backup FILE [--force]

Copies the data (accounts, links, sales, settings; not the keychain's keys) into FILE with
SQLite's online backup: safe while the app or \`listen\` runs. FILE is readable by you only.

  --force   Replace FILE if it exists (otherwise an existing FILE is left alone).`,

  restore: `Usage: checkout-console restore FILE

Replaces the data with a backup made by \`checkout-console backup\`. The current database is
kept beside it as checkout-console.sqlite.before-restore-TIMESTAMP (a damaged one as it was,
with its -wal and -shm under the same name). Refuses while the app or
\`listen\` is receiving for this data folder (stop it first), and refuses a file that is not
a Checkout Console database or was written by a newer version. Keys stay in the keychain:
log in again if the backup comes from another machine.`,

  accounts: `Usage: checkout-console accounts [--json]

Lists the accounts; * marks the active one.`,

  products: `Usage: checkout-console products [--json]

Syncs the product catalogue from Quaderno and lists it (code, name, price). The codes are
what \`link create --item CODE\` takes.`,

  link: `Usage: checkout-console link create --email E --item CODE[:QTY][@PRICE] [options]
       checkout-console link cancel ID
       checkout-console link qr ID FILE.png

Run \`checkout-console link create --help\`, \`checkout-console link cancel --help\` or
\`checkout-console link qr --help\` for details.`,

  'link create': `Usage: checkout-console link create --email E --item CODE[:QTY][@PRICE] [--item …] [options]

Prints a checkout link for a customer. The customer's open link for the same purchase is
reused unless --new.

  --email E          The customer's email (required).
  --item SPEC        CODE, CODE:QTY or CODE:QTY@PRICE; repeat for more items. QTY is a whole
                     number from 1 to 10000. @PRICE overrides the unit price in the product's
                     currency (e.g. @5.00); the link is checked to charge exactly that.
  --first-name F     Customer's first name.
  --last-name L      Customer's last name.
  --company C        Customer's company.
  --success-url U    Where the customer goes after paying (default: the saved link default).
  --cancel-url U     Where the customer goes on cancelling (default: the saved link default).
  --new              Always create a fresh link.
  --qr FILE.png      Also write the link's QR code to FILE.png (a PNG the customer can scan).
                     It is checked before the link is made: never the data folder's database,
                     and an existing FILE.png is kept unless --force.
  --force            With --qr: replace an existing FILE.png.
  --json             Print the link as one JSON object (with qr: the PNG's path, given --qr).`,

  'link cancel': `Usage: checkout-console link cancel ID [--json]

Cancels a pending link (Quaderno deletes its session, so the permalink stops working).
\`checkout-console links\` lists the ids.`,

  'link qr': `Usage: checkout-console link qr ID FILE.png [--force] [--json]

Writes the QR code of a link that can still be paid (pending or abandoned) as a PNG, made on
this computer from the link's permalink. A cancelled, paid or failed link has none.
\`checkout-console links\` lists the ids. An existing FILE.png is kept unless --force, and the
data folder's database is never written.

  --force  Replace an existing FILE.png.
  --json   Print {"id": N, "permalink": URL, "qr": PATH} instead of a sentence.`,

  links: `Usage: checkout-console links [--status S] [--limit N] [--offset N] [--json]

Lists checkout links, newest first: 100 unless --limit says otherwise; the last line names the
--offset of the next page.

  --status S   Only links in this state: pending, processing, completed, failed,
               abandoned or deleted.
  --limit N    At most N links (1 to 500).
  --offset N   Skip the N newest first.
  --json       Print the links as a JSON array of the contract's Link.`,

  export: `Usage: checkout-console export --what fulfillments|links [--format csv|csv-excel] [--out FILE [--force]] [--json]
       checkout-console export --format xero|qbo3|qbo4 [--from DAY] [--to DAY] [--currency C] [--out FILE [--force]] [--json]

Writes a CSV of sales (fulfillments) or links: to FILE (readable by you alone) or to stdout.

  --what W       fulfillments (the sales) or links; a bank statement is always sales.
  --format F     csv (the default): every column, times in UTC. csv-excel: the same with
                 the byte order mark Excel needs to read accents (Café, not CafÃ©).
                 xero: Date, Amount, Payee, Description, Reference, dates YYYY-MM-DD.
                 qbo3: Date, Description, Amount; qbo4: Date, Description, Credit, Debit
                 (QuickBooks Online), dates MM/DD/YYYY. Sales are money in: positive, or
                 Credit. One currency per file, at most 1,000 rows: a longer one is written
                 as FILE-1.csv, FILE-2.csv… (so it needs --out).
  --from DAY     Sales paid on or after this day (YYYY-MM-DD); for a sale no webhook
                 reported, the day it reached the console. Days (and a statement's line
                 dates) are this computer's, from its local midnight; with the global
                 --utc option, UTC days.
  --to DAY       Sales paid on or before this day (included).
  --currency C   Only sales in this currency (EUR); a bank statement needs it when the
                 sales are in more than one.
  --out FILE     Write to FILE instead of printing the CSV. An existing FILE (or, split,
                 FILE-1.csv…) is kept unless --force; the data folder's database never is.
  --force        Replace an existing FILE: the new one is written beside it and renamed
                 over it once whole, so a failed export leaves the old one as it was.
  --json         With --out: print what was written (the files and their row counts) as one
                 JSON object instead of a sentence.`,

  listen: `Usage: checkout-console listen [--port N] [--tunnel [--subdomain S] [--tunnel-host URL] | --public-url URL] [--json]

Receives sales live (receiver, tunnel, webhook, sync) and prints one line per event until
Ctrl+C, then prints "Stopped." and exits 0.

  --port N           Port for the webhook receiver (default: the saved one).
  --tunnel           Reach this computer through a public tunnel server.
  --subdomain S      Ask the tunnel server for this subdomain.
  --tunnel-host URL  Use this tunnel server.
  --public-url URL   Your own reverse proxy that forwards /hooks/<token> to --port.
  --json             One JSON object per line.`,

  sync: `Usage: checkout-console sync [--json]

Reconciles with Quaderno now: records sales that no webhook reported.`,

  fulfillments: `Usage: checkout-console fulfillments [--since DAY] [--until DAY] [--status new|fulfilled] [--limit N] [--offset N] [--json]

Lists recorded sales, newest first. Times are local with their offset (--utc for UTC);
--json keeps ISO UTC times.

  --since DAY   Sales received on or after this day (YYYY-MM-DD, local; UTC with --utc), or
                after an ISO time with its offset (2026-11-29T09:00:00+01:00).
  --until DAY   Sales received on or before this day (the whole day is included).
  --status S    new (still to deliver) or fulfilled (delivered).
  --limit N     At most N sales (1 to 500, default 500).
  --offset N    Skip the first N (the next page: the last line says which --offset).
  --json        Print {"items": [...], "total": N}: the contract's fulfillments.list result,
                each item a Fulfillment; total counts every match, not just this page.`,

  fulfillment: `Usage: checkout-console fulfillment done ID [--note TEXT] [--json]
       checkout-console fulfillment undo ID [--json]

done: you delivered the sale; it leaves the list to deliver, with your note if you give one.
Its automatic deliveries not yet made are held: none is tried while it stays marked.
undo: the sale goes back to deliver (its note stays), and its held deliveries go on.
\`checkout-console fulfillments\` lists the ids. The app's desk shows the change at once.

  --note TEXT   What you sent or did (shown on the sale in the desk).
  --json        Print the sale as one JSON object (the contract's Fulfillment).`,

  'fulfillment done': `Usage: checkout-console fulfillment done ID [--note TEXT] [--json]

Marks a sale delivered, as the desk's "Mark fulfilled" does. Its automatic deliveries not
yet made are held until \`fulfillment undo\`.

  --note TEXT   What you sent or did (shown on the sale in the desk).
  --json        Print the sale as one JSON object (the contract's Fulfillment).`,

  'fulfillment undo': `Usage: checkout-console fulfillment undo ID [--json]

Puts a delivered sale back to deliver, as the desk's "Undo" does; its note stays, and its
held automatic deliveries go on. One that waited for licence keys goes back to the queue if
its products' pools now hold keys (added while the sale was marked): the app or \`listen\`
tries it within seconds (or once one runs). A sale not marked delivered is left as it is.

  --json   Print the sale as one JSON object (the contract's Fulfillment).`,

  summary: `Usage: checkout-console summary [--day YYYY-MM-DD] [--json]

One day's sales, as the app's daily summary notification says them: how many, the revenue
and the top product per currency (by revenue: amounts in different currencies are never
added), and how many sales from any day are still to deliver. Days are local (UTC with --utc)
and received times count, as in the desk.

  --day DAY   The day to sum up (default: yesterday).
  --json      Print one JSON object: the contract's DaySummary ({day, from, to, count,
              totals: [{currency, amount, count}], topProducts: [{currency, code, name,
              amount, quantity}], undelivered}); amounts in minor units (cents).`,

  doctor: `Usage: checkout-console doctor [--json]

Checks the connection to Quaderno step by step and prints a report safe to share (no keys,
emails masked). Exits 1 if a step failed.`,

  rules: `Usage: checkout-console rules [--json]

Lists the delivery rules: which sales (one product, or every sale) get which action (an email
to the customer, a forward of the sale to your URL, or a command), whether each is on, and
whether it hands out licence keys. \`checkout-console rule add --help\` says how to add one.

  --json   Print the rules as a JSON array (the contract's DeliveryRule[]); secrets are never
           in it, only whether a forward rule has one (hasSecret).`,

  rule: `Usage: checkout-console rule add --name N … | rule edit ID …
       checkout-console rule remove ID [--json]
       checkout-console rule enable ID [--json]
       checkout-console rule disable ID [--json]

Adds, changes, removes, turns on or off a delivery rule (\`checkout-console rules\` lists the
ids). A rule turned off writes no jobs for new sales, and its jobs already written stop as
"needs attention" when their turn comes (turn it on, then \`checkout-console job retry ID\`).
Removing a rule keeps its jobs listed under its name. Run \`checkout-console rule add --help\` or
\`checkout-console rule edit --help\` for their options.

  --json   Print the rule (or {"removed":true}) as one JSON object.`,

  'rule add': `Usage: checkout-console rule add --name N [--product CODE] [--keys] --email --subject S --body-file F [--download-url URL] [--json]
       checkout-console rule add --name N [--product CODE] [--keys] --forward URL [--json]
       checkout-console rule add --name N [--product CODE] [--keys] --command CMD [--timeout SECONDS] [--json]

Adds a delivery rule, on at once: each sale recorded from now on that it matches gets one job,
which runs until delivered (with retries) and marks the sale fulfilled.

  --name N              What to call the rule (shown on each sale it delivers).
  --product CODE        Only sales of this product (default: every sale).
  --keys                Give each sale licence keys from the product's pool (one per unit
                        bought; \`checkout-console keys add\`), in the email or the forward.
  --email               Email the customer through your mail server (\`checkout-console smtp\`).
  --subject S           The email's subject.
  --body-file F         A text file with the email's body. Both may use {customerName},
                        {firstName}, {customerEmail}, {product}, {amount}, {sessionId},
                        {downloadLink} and {licenceKey}.
  --download-url URL    What {downloadLink} becomes.
  --forward URL         POST the sale as JSON to URL, signed with an HMAC of a secret read
                        from standard input (typed without echo in a terminal), with an
                        Idempotency-Key header; see the README's "Automatic delivery".
  --command CMD         Run CMD through the shell with the sale as JSON on standard input;
                        exit code 0 means delivered.
  --timeout SECONDS     How long the command may run (1 to 600, default 30).
  --json                Print the rule as one JSON object (the contract's DeliveryRule).`,

  'rule edit': `Usage: checkout-console rule edit ID [--name N] [--product CODE | --every-sale] [--keys | --no-keys]
       [--email] [--subject S] [--body-file F] [--download-url URL] [--forward URL] [--new-secret]
       [--command CMD] [--timeout SECONDS] [--json]

Changes a rule; what is not given stays as it is, so \`rule edit 3 --subject S\` changes only
the subject. Jobs already written keep the rule's name from when they were written.

  --every-sale          The rule matches every sale, not one product.
  --no-keys             Stop handing out licence keys.
  --download-url URL    What {downloadLink} becomes; --download-url "" removes it.
  --new-secret          Read a new signing secret for a forward rule from standard input.
                        Turning a rule into a forward (--forward URL) always reads one.
  --json                Print the rule as one JSON object.
The other options are as for \`checkout-console rule add --help\`; --email, --forward or
--command changes what the rule does.`,

  jobs: `Usage: checkout-console jobs [--status pending|done|needs_attention] [--sale ID] [--limit N] [--offset N] [--json]

Lists delivery jobs, newest first: one per sale and rule, with its tries, when the next one is
due (pending) or when it was delivered (done), and the last error, cut to the terminal's width.
A job that keeps failing stops and needs attention: \`checkout-console job retry ID\` or
\`checkout-console job done ID\`. A pending job whose sale you marked fulfilled shows as held:
none is tried until \`checkout-console fulfillment undo SALE\`.

  --status S   Only jobs in this state (pending includes held).
  --sale ID    Only the jobs of one sale (\`checkout-console fulfillments\` lists the ids).
  --limit N    At most N jobs (1 to 500, default 100).
  --offset N   Skip the first N (the next page).
  --json       Print {"items": [...], "total": N} (the contract's DeliveryJob, with "held").`,

  job: `Usage: checkout-console job retry ID [--json]
       checkout-console job done ID [--json]

retry: the job tries again now, with a fresh set of attempts if it needed attention (not
while its sale is marked fulfilled: \`fulfillment undo\` it first).
done: you delivered by hand; the job stops and the sale counts as delivered.

  --json   Print the job as one JSON object (the contract's DeliveryJob).`,

  keys: `Usage: checkout-console keys [PRODUCT] [--json]
       checkout-console keys add PRODUCT [--json] < FILE

Lists the licence key pools (free and taken keys per product; a warning on standard error for
a pool running low), or adds keys to a product's pool from FILE, one key per line: blank lines
are skipped, and so are keys already in the pool. A terminal is refused: keys come from a file.

Sales whose delivery stopped because the product had no keys left are tried again once keys
are added, with no \`job retry\`: keys add says how many, and the running app or
\`checkout-console listen\` tries them within seconds (or once one runs); a sale still short
of keys waits for more.

  --json   keys: the pools as a JSON array (the contract's LicenceKeyPool[]); keys add:
           {"added": N, "skipped": N, "pool": {...}, "waitingSales": N}, waitingSales being
           the sales waiting for these keys that are now queued again.`,

  smtp: `Usage: checkout-console smtp [--json]
       checkout-console smtp set --host H --port P --security tls|starttls|none [--user U] --from EMAIL [--no-password] [--json]

Shows the mail server that delivery emails go through (never the password: only whether the
keychain holds one), or sets it. smtp set reads the password from standard input (typed
without echo in a terminal); nothing keeps the stored one.

  --host H          The mail server, e.g. smtp.example.com.
  --port P          Its port: 465 for tls, 587 for starttls.
  --security S      tls (TLS from the start), starttls (upgrade required) or none.
  --user U          The login (leave out for a server without one).
  --from EMAIL      The From address of delivery emails; customers reply to it.
  --no-password     Remove the stored password instead of reading one.
  --json            Print the settings as one JSON object (the contract's SmtpSettings,
                    null when none is set).`,

  help: `Usage: checkout-console help [COMMAND]

Shows the overview, or one command's help (also \`checkout-console COMMAND --help\`).`,
};
