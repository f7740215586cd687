// Schema 6: two indexes nothing reads any more. The searches over sales and sessions go through
// their trigram indexes (schemas 4 and 5), and no query looks an email up by equality, yet every
// new sale and session wrote a page of each (emails are scattered, so a random page).
export const sql = `
DROP INDEX fulfillments_email;
DROP INDEX sessions_email;
`;
