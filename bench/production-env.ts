// Imported first by the benchmark: graphql-js decides at load time, from process.env.NODE_ENV,
// whether to run its development-only checks (instanceOf), which cost ~10 ms on a response of
// 2,500 objects. A production server runs with NODE_ENV=production; so does the benchmark.
process.env.NODE_ENV ??= 'production';
