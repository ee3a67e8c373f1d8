// `daihou score` needs neither the database nor the server: it starts without loading them.
if (process.argv[2] === 'score') process.exitCode = await (await import('./score.js')).runScore(process.argv.slice(3));
else await (await import('./main.js')).run(process.argv.slice(2));
