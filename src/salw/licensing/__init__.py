"""Transfer control: applications, parties, end-user documents, the ATT assessment, licences, deliveries."""
