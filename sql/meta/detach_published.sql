-- Lets go of the attached file: back to the reader instance's own (empty) in-memory database.
USE memory;
DETACH published
