"""What a role may write, checked on every path that writes: the admin's forms (Django checks
them), the import in the admin and on the command line, and the restore of a claim.

A path counts what it would create, change and delete, by kind of record, and asks here before
anything is kept; if the user's role does not allow all of it, nothing is written and the user
is told each thing the role does not allow.
"""

PERMISSION_OF_ACTION = {"Create": "add", "Update": "change", "Delete": "delete"}
VERB_OF_ACTION = {"Create": "create", "Update": "change", "Delete": "delete"}


def refused_writes(user, writes):
    """The writes the user may not make, in words: ["change 1 source", "delete 2 figures"].

    `writes` counts (action, model) pairs: ("Update", Source) -> 1.
    """
    refused = []
    for (action, model), number in sorted(writes.items(), key=lambda item: item[0][0]):
        meta = model._meta
        if not user.has_perm(f"{meta.app_label}.{PERMISSION_OF_ACTION[action]}_{meta.model_name}"):
            name = meta.verbose_name if number == 1 else meta.verbose_name_plural
            refused.append(f"{VERB_OF_ACTION[action]} {number} {name}")
    return refused
