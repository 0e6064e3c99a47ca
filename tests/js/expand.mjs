// Expand every VEVENT of an .ics file with ical.js, as Thunderbird would.
// Usage: node expand.mjs FILE.ics FROM TO   (ISO dates)
// Prints JSON: [{uid, status, sequence, summary, recurrenceId, start, end}] where start/end are
// UTC ISO instants ("…Z") for timed events, or "YYYY-MM-DD" for all-day ones.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [file, from, to] = process.argv.slice(2);
const component = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
for (const zone of component.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
}
const windowStart = ICAL.Time.fromDateString(from);
const windowEnd = ICAL.Time.fromDateString(to);

const show = (time) => (time.isDate ? time.toString() : time.toJSDate().toISOString().replace(".000Z", "Z"));
const found = [];
// A VEVENT with RECURRENCE-ID replaces one date of its series: ical.js relates it to the
// series' VEVENT (same UID, same file), whose expansion then gives the replaced date.
const vevents = component.getAllSubcomponents("vevent");
const series = new Set(vevents.filter((v) => v.hasProperty("rrule")).map((v) => v.getFirstPropertyValue("uid")));
const exceptionsOf = (uid) =>
  vevents.filter((v) => v.hasProperty("recurrence-id") && v.getFirstPropertyValue("uid") === uid);
for (const vevent of vevents) {
  const uid = vevent.getFirstPropertyValue("uid");
  const recurring = vevent.hasProperty("rrule");
  const event = new ICAL.Event(vevent, { strictExceptions: true, exceptions: recurring ? exceptionsOf(uid) : [] });
  if (event.isRecurrenceException() && series.has(uid)) continue;
  const base = {
    uid: event.uid,
    summary: event.summary,
    status: vevent.getFirstPropertyValue("status"),
    sequence: event.sequence,
  };
  if (event.isRecurring()) {
    const iterator = event.iterator();
    let next;
    let guard = 0;
    while ((next = iterator.next()) && guard++ < 5000) {
      if (next.compare(windowEnd) > 0) break;
      const details = event.getOccurrenceDetails(next);
      if (details.endDate.compare(windowStart) <= 0) continue;
      const item = details.item.component;
      found.push({
        ...base,
        summary: details.item.summary,
        status: item.getFirstPropertyValue("status"),
        recurrenceId: show(details.recurrenceId),
        start: show(details.startDate),
        end: show(details.endDate),
      });
    }
  } else {
    found.push({ ...base, start: show(event.startDate), end: show(event.endDate) });
  }
}
console.log(JSON.stringify(found));
