-- Each person appears once: person_id is unique in people.
select person_id, count(*) as row_count
from people
group by person_id
having count(*) > 1
