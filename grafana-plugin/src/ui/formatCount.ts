/** Counts as people read them: 12,345 (the same in every locale, like the API's numbers). */
export const formatCount = (n: number) => n.toLocaleString('en-US');
