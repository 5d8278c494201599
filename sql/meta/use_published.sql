-- Makes the attached file the default database, so queries name its tables unqualified.
USE published
