-- The renewal date a reminder was sent for: one reminder per renewal date, and a renewal to a
-- new date arms the next one.
ALTER TABLE venue_qualifications ADD COLUMN renewal_reminded_for date;
