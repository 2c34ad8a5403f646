"""Should-pass and should-fail files for intake, built in code at test time.

Synthetic people only; nothing binary is committed. `workbooks` writes broker-style files,
`layouts` the awkward-but-valid shapes, `hostile` what the gate must refuse, `reports` a
returned AOR report. The tables tying each file to the code it must produce are
`test_gate.SHOULD_FAIL`, `test_corpus.SHOULD_PASS` and `test_corpus.SHOULD_FAIL_ROWS`."""
