// Expand every VEVENT of an .ics file with ical.js, as Thunderbird would.
// Usage: node expand.mjs FILE.ics FROM TO   (ISO dates)
// Prints JSON: [{uid, status, sequence, summary, start, end}] where start/end are
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
for (const vevent of component.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(vevent);
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
      found.push({ ...base, start: show(details.startDate), end: show(details.endDate) });
    }
  } else {
    found.push({ ...base, start: show(event.startDate), end: show(event.endDate) });
  }
}
console.log(JSON.stringify(found));
