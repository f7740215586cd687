// How the search indexes key their documents: account_id * 2^42 + the row's id, so one account's
// documents are one rowid range (schemas 4 and 5 built them so; ids are far below 2^42, and a
// larger one is left out of the index rather than collide). Runtime code reads the spans here;
// the migrations keep their own copies, as history does not change (a test holds them equal).
export const SESSION_SEARCH_SPAN = 4398046511104; // 2^42
export const FULFILLMENT_SEARCH_SPAN = SESSION_SEARCH_SPAN;
