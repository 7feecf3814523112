"""Follow-up drafts: whom a draft is for, what its template sees, rendering it, and mail files."""
