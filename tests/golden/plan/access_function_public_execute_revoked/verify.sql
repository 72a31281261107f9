SELECT has_function_privilege('app', 'billing.org_total(bigint)', 'execute')
   AND NOT has_function_privilege('public', 'billing.org_total(bigint)', 'execute');
