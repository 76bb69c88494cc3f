-- Every restriction's mineral is in minerals.
select *
from mineral_restrictions
where not exists (
    select 1 from minerals where minerals.mineral_id = mineral_restrictions.mineral_id
)
