//! The AWS client: credentials, JSON 1.1 requests, SigV4 signing, typed ECS and SSM operations, errors.
