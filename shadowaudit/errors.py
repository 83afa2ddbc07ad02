"""The exceptions shadowaudit raises, drawn once.

```
ShadowAuditError
├── HostError                 the computer could not answer a question
│   ├── NotFound              no such file, folder or registry key
│   ├── PermissionDenied      the operating system refused to let us read it
│   ├── TooLarge              the file is bigger than we are willing to read
│   ├── Damaged               the file is not in the format expected (a broken database)
│   │   └── NotAFile          a pipe, device or socket where a file should be
│   ├── CommandNotFound       the program is not installed
│   ├── CommandTimeout        the program did not answer in time
│   ├── TooSlow               reading took longer than its time budget (a database query)
│   └── Unsupported           this computer cannot answer this kind of question
├── RuleError                 a rule file is broken (our error, never the person's)
│   └── RuleLoadError         a rule file cannot be read or does not match the schema
└── RecordingError            a recorded machine folder is malformed
```

Foreign exceptions (`OSError`, `subprocess`, `yaml`) are wrapped at the boundary where they
happen, with `raise ... from exc`; nothing else in the program catches them.
"""

from __future__ import annotations


class ShadowAuditError(Exception):
    """Base class of every error shadowaudit raises on purpose."""


class HostError(ShadowAuditError):
    """The computer being checked could not answer a question."""


class NotFound(HostError):
    """The file, folder or registry key does not exist."""


class PermissionDenied(HostError):
    """The operating system refused to let us read something."""


class TooLarge(HostError):
    """A file is larger than the limit we read."""


class Damaged(HostError):
    """A file is damaged, or not in the format it should have."""


class NotAFile(Damaged):
    """A named pipe, device or socket stands where a regular file should be (never read)."""


class CommandNotFound(HostError):
    """The program we wanted to ask is not installed."""


class CommandTimeout(HostError):
    """The program did not finish before its time limit."""


class TooSlow(HostError):
    """Reading something took longer than its time budget, and was stopped."""


class Unsupported(HostError):
    """This kind of question cannot be asked of this computer (for example, a registry on Linux)."""


class RecordingError(ShadowAuditError):
    """A recorded machine folder is malformed."""


class RuleError(ShadowAuditError):
    """A rule is broken. This is our error, never the person's."""


class RuleLoadError(RuleError):
    """A rule file cannot be read or does not match the rule schema.

    The message is one line that names the file, the rule id (when known) and the field.
    """

    def __init__(self, path: str, rule_id: str | None, field: str | None, problem: str) -> None:
        """Keep the parts of the message apart for callers and tests."""
        self.path = path
        self.rule_id = rule_id
        self.field = field
        self.problem = problem
        where = path
        if rule_id:
            where += f" (rule {rule_id})"
        if field:
            where += f", field '{field}'"
        super().__init__(f"{where}: {problem}")
