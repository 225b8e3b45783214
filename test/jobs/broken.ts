// Deliberately not valid TypeScript: wmpiexec must report it and exit 1.
const x: number = ;
