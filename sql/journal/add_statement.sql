-- Records one statement of the run that writes the file.
INSERT INTO journal_statements VALUES ($seq, $name, $text, $params)
