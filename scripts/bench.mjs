// `npm run bench` will measure discovery, export, merge/diff, function footprint and end-to-end figures
// against the emulator's lazy large tenancy (see the benchmark issue). Until then it says so plainly.
console.log('npm run bench: not yet — the benchmark suite lands with the benchmark issue.');
