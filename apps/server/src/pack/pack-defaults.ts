/**
 * The texts every tenant starts with (an admin edits them on the office's Fallback pack page).
 * `{company}` is replaced by the tenant's name when printed. Lines starting with "- " print as
 * tick boxes on the checklist; a line ending with ":" prints as a heading.
 */

export const DEFAULT_CUSTOMER_SCRIPT = `When a customer calls while our systems are down:

"Good morning/afternoon, {company}, how can I help?"

"I'm sorry — our job system is down at the moment, so I'm writing your details on paper. Nothing you tell me will be lost: it goes into the system as soon as it is back."

Take down (use a blank job sheet, and give it a number from the manual register):
- Name, and the best phone number to call back on
- Address of the property, and how to get in (keys, entry codes, pets)
- What the problem is, and since when
- Anyone vulnerable in the property (elderly, ill, young children, no heating or water)
- Any danger: water coming through a ceiling, electrics wet or sparking, smell of gas

If they smell gas: tell them to leave the property and call the gas emergency number now.
If water is coming through electrics: tell them to switch off at the consumer unit if it is safe to do so.

Urgent (no heating or water for a vulnerable person, a leak that cannot be contained, no power, insecure door or window): "I'll get an engineer to you today. They have today's work on paper and will call you before they arrive."

Everything else: "I've written it down and we will call you back to book it once our system is back, normally within one working day. Your reference is [job number from the register]."

Calls about a booked visit: look at today's job sheets or the outstanding jobs list in the fallback pack. "Your visit is still booked for [day]; the engineer has the details with them."

Never promise a time slot you cannot see on paper. Do not take card payments over the phone while systems are down: take the details and say we will call back to take payment.`;

export const DEFAULT_BACK_UP_CHECKLIST = `When the system is back:
- Sign in to the office app and check the banner says the system is working normally
- Tell everyone in the office and every engineer that the system is back (phone or text)
- Ask each engineer to open the phone app with a signal, so everything they recorded offline is sent

Enter what was done on paper:
- New jobs from the manual register: raise each one, and write the system job number beside the paper number
- Paper job sheets: add the notes, arrival and departure times and outcome to each job; photograph the signed sheet and attach it to the job
- Quotes, invoices, purchase orders, picking lists and delivery dockets written on paper: enter them, keeping the paper numbers in the notes
- Non-productive time log: enter each engineer's time away from jobs

Check and tidy up:
- On the office replica (if you used one): check the queued work was all sent to the primary
- Check for phones that could not send everything, and for changes the server refused (ask your admin), and repair them
- Call back every customer who was promised a call
- Go through the outstanding and urgent jobs list again: book anything that became urgent
- Tell suppliers that orders and documents are back to normal
- File the paper sheets together with the date of the outage
- Make a fresh fallback pack (Fallback pack page, "Make a pack now") and put the printed copy back in its place`;
